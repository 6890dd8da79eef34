import express, { NextFunction, Request, Response } from "express";
import serveIndex from "serve-index";
import serveStatic from "serve-static";

/** School administration portal (intranet, also published for the teachers at home). */
const app = express();
app.use(express.json());

function requireStaff(req: Request, res: Response, next: NextFunction): void {
  const token = req.header("x-staff-token");
  if (token && token === process.env.STAFF_TOKEN) return next();
  res.status(401).send("authentication required");
}

// ok: anonymous-access
app.use("/assets", express.static("public"));

// pupil lists exported every night by students-export.js
// ruleid: anonymous-access
app.use("/exports", express.static("/var/www/exports/eleves"));

// ruleid: anonymous-access
app.use("/sauvegardes", serveIndex("/var/backups/scolarite", { icons: true }), serveStatic("/var/backups/scolarite"));

// ruleid: anonymous-access
app.use("/dumps", express.static(`${__dirname}/../backups`, { dotfiles: "allow" }));

// ok: anonymous-access
app.use("/bulletins", requireStaff, serveStatic("/var/www/bulletins"));

app.get("/api/classes", requireStaff, (_req, res) => {
  res.json([]);
});

const port = Number(process.env.PORT ?? 8080);
app.listen(port, () => {
  console.log(`portal listening on ${port}`);
});

export default app;
