/**
 * Portail agents d'une collectivité : exports et archives réservés aux agents authentifiés.
 */
import express, { NextFunction, Request, Response } from "express";
import session from "express-session";
import passport from "passport";
import serveIndex from "serve-index";
import path from "path";

const EXPORT_DIR = "/srv/collectivite/exports";
const ARCHIVE_DIR = "/srv/collectivite/archives";
const BACKUP_DIR = "/srv/collectivite/sauvegardes";

const app = express();
app.use(session({ secret: process.env.SESSION_SECRET as string, resave: false, saveUninitialized: false }));
app.use(passport.initialize());
app.use(passport.session());

function ensureAgent(req: Request, res: Response, next: NextFunction): void {
  const user = req.user as { role?: string } | undefined;
  if (req.isAuthenticated() && user?.role === "agent") return next();
  res.status(401).send("Authentification requise");
}

// ok: anonymous-access
app.use(express.static(path.join(__dirname, "public")));
// ok: anonymous-access
app.use("/exports", ensureAgent, express.static(EXPORT_DIR, { dotfiles: "deny", index: false }));

const archives = express.Router();
archives.use(ensureAgent);
// ok: anonymous-access
archives.use(express.static(ARCHIVE_DIR), serveIndex(ARCHIVE_DIR, { icons: true }));
app.use("/archives", archives);

// ok: anonymous-access
app.use("/sauvegardes", passport.authenticate("oidc", { session: true }), express.static(BACKUP_DIR), serveIndex(BACKUP_DIR));

app.get("/login", passport.authenticate("oidc"));
app.listen(Number(process.env.PORT ?? 8443));
