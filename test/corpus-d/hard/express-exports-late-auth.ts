// Download portal for the migration team. The auth middleware is registered after the file mounts.
import express, { type RequestHandler } from "express";
import serveStatic from "serve-static";
import serveIndex from "serve-index";
import path from "node:path";

const EXPORTS = process.env.EXPORT_DIR ?? path.join(process.cwd(), "exports");
const BACKUPS = "/mnt/backups/lis";

const requireAuth: RequestHandler = (req, res, next) =>
  req.headers.authorization === `Bearer ${process.env.PORTAL_TOKEN}` ? next() : void res.sendStatus(401);

const app = express();
const serveBackups = serveStatic(BACKUPS, { dotfiles: "deny" });
const listBackups = serveIndex(BACKUPS);

// ruleid: anonymous-access
app.use("/exports", express.static(EXPORTS));
// ruleid: anonymous-access
app.use("/backup", listBackups, serveBackups);
app.use(requireAuth); // too late for the two mounts above
// ok: anonymous-access
app.use("/exports-v2", express.static(EXPORTS));
app.get("/api/status", (_req, res) => res.json({ status: "up" }));

app.listen(Number(process.env.PORT ?? 3000));
