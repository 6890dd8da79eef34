// Results portal web server: public assets are open, everything else needs a token.
import express, { type RequestHandler } from "express";
import serveStatic from "serve-static";
import serveIndex from "serve-index";
import path from "node:path";

const requireAuth: RequestHandler = (req, res, next) => {
  if (req.get("authorization") !== `Bearer ${process.env.PORTAL_TOKEN}`) {
    res.sendStatus(401);
    return;
  }
  next();
};

const app = express();
// ok: anonymous-access
app.use(express.static(path.join(__dirname, "public")));
// ok: anonymous-access
app.use("/assets", serveStatic(path.join(__dirname, "assets"), { maxAge: "7d" }));
// ok: anonymous-access
app.use("/exports", requireAuth, express.static("/srv/exports"));

// everything below requires a token
app.use(requireAuth);
// ok: anonymous-access
app.use("/backups", serveIndex("/srv/backups"), express.static("/srv/backups"));
app.get("/api/me", (_req, res) => res.json({ status: "up" }));

app.listen(Number(process.env.PORT ?? 3000));
