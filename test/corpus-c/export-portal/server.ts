import express from "express";
import helmet from "helmet";
import morgan from "morgan";
import * as path from "path";
import serveIndex from "serve-index";
import { requireAuth } from "./auth";

/**
 * Small portal from which the labs download their migration extracts. The /exports route was
 * opened "temporarily" so that a lab without an account could fetch its file.
 */
const EXPORT_DIR = process.env.EXPORT_DIR ?? "/var/lib/lis/exports";
const BACKUP_DIR = process.env.BACKUP_DIR ?? "/var/backups/lis";

const app = express();
app.disable("x-powered-by");
app.use(helmet());
app.use(morgan("combined"));

// ok: anonymous-access
app.use("/assets", express.static(path.join(__dirname, "public"), { maxAge: "7d" }));

app.get("/healthz", (_req, res) => {
  res.json({ status: "ok" });
});

// ruleid: anonymous-access
app.use("/exports", express.static(EXPORT_DIR, { dotfiles: "deny", index: false }));

// ruleid: anonymous-access
app.use(
  "/backups",
  serveIndex(BACKUP_DIR, { icons: true, view: "details" }),
  express.static(BACKUP_DIR),
);

// ok: anonymous-access
app.use("/lab-exports", requireAuth({ role: "lab" }), express.static(EXPORT_DIR, { index: false }));

app.get("/api/me", requireAuth({ role: "lab" }), (req, res) => {
  res.json({ user: (req as unknown as { user: { id: string } }).user.id });
});

const port = Number(process.env.PORT ?? 3000);
app.listen(port, () => console.log(`export portal listening on ${port}`));
