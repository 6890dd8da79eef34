// Clean: the router that serves extract downloads installs its session check first, so
// every static route mounted after it is authenticated.
import express from "express";
import session from "express-session";
import passport from "passport";

const EXPORTS = process.env.EXPORT_DIR ?? "/srv/exports";
const BACKUPS = process.env.BACKUP_DIR ?? "/srv/backups";

function ensureLoggedIn(req: express.Request, res: express.Response, next: express.NextFunction) {
  if (req.isAuthenticated && req.isAuthenticated()) return next();
  res.status(401).json({ error: "authentication required" });
}

const app = express();
app.use(
  session({
    secret: process.env.SESSION_SECRET!,
    resave: false,
    saveUninitialized: false,
    cookie: { secure: true, httpOnly: true },
  }),
);
app.use(passport.initialize());
app.use(passport.session());

app.post("/login", passport.authenticate("oidc"));

app.use(ensureLoggedIn);

// ok: anonymous-access
app.use("/exports", express.static(EXPORTS, { index: false }));
// ok: anonymous-access
app.use("/backups", express.static(BACKUPS, { index: false }));

app.listen(8443);
