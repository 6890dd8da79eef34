// Download portal for lab exports: every export route sits behind authentication.
import express, { NextFunction, Request, Response } from "express";
import serveIndex from "serve-index";
import serveStatic from "serve-static";
import path from "node:path";
import { verifySession } from "./session"; // company SSO helper

const EXPORT_DIR = process.env.EXPORT_DIR ?? "/srv/sil/exports";
const BACKUP_DIR = "/srv/sil/backups";

function requireAuth(req: Request, res: Response, next: NextFunction): void {
  const user = verifySession(req.headers.cookie);
  if (!user) {
    res.status(401).end();
    return;
  }
  next();
}

const app = express();
// ok: anonymous-access
app.use(express.static(path.join(__dirname, "public")));
// ok: anonymous-access
app.use("/exports", requireAuth, express.static(EXPORT_DIR));

const admin = express.Router();
admin.use(requireAuth);
// ok: anonymous-access
admin.use("/backups", serveIndex(BACKUP_DIR), serveStatic(BACKUP_DIR));
app.use("/admin", admin);

app.listen(Number(process.env.PORT ?? 8443));
