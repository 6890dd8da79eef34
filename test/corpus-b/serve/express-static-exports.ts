// Express app that also hands out migration extracts: the export folder is mounted before any
// authentication; the backup folder is behind a guard passed in the same app.use call.
import express, { NextFunction, Request, Response } from "express";
import path from "path";
import { verify } from "jsonwebtoken";

const EXPORT_DIR = process.env.EXPORT_DIR ?? path.join(__dirname, "..", "exports");
const BACKUP_DIR = "/srv/lis/backups";

function requireAuth(req: Request, res: Response, next: NextFunction): void {
  const token = (req.headers.authorization ?? "").replace(/^Bearer /, "");
  try {
    verify(token, process.env.JWT_PUBLIC_KEY!, { algorithms: ["RS256"] });
    next();
  } catch {
    res.status(401).end();
  }
}

const app = express();
app.disable("x-powered-by");

// ok: anonymous-access
app.use("/assets", express.static(path.join(__dirname, "public"), { maxAge: "1d" }));

// ruleid: anonymous-access
app.use("/exports", express.static(EXPORT_DIR, {
  dotfiles: "deny",
  index: false,
}));

// ok: anonymous-access
app.use("/backups", requireAuth, express.static(BACKUP_DIR));

app.get("/health", (_req, res) => res.json({ ok: true }));

app.listen(Number(process.env.PORT ?? 8443), () => console.log("ready"));
