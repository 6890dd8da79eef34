"use strict";
/**
 * Second-generation download portal: every route, including the static extract folders, sits
 * behind the JWT check registered first.
 */
const express = require("express");
const passport = require("passport");
const { Strategy: JwtStrategy, ExtractJwt } = require("passport-jwt");
const serveIndex = require("serve-index");
const path = require("path");

const EXPORT_DIR = process.env.EXPORT_DIR || "/var/lib/lis/exports";

passport.use(
  new JwtStrategy(
    {
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: process.env.JWT_PUBLIC_KEY,
      algorithms: ["RS256"],
      issuer: "https://auth.lab-example.fr",
    },
    (payload, done) => done(null, { id: payload.sub, lab: payload.lab }),
  ),
);

const app = express();
app.use(passport.initialize());

app.get("/healthz", (_req, res) => res.json({ status: "ok" }));

app.use(passport.authenticate("jwt", { session: false }));

/** Each lab only sees its own sub-folder. */
function ownFolderOnly(req, res, next) {
  const lab = req.user && req.user.lab;
  if (!lab || !req.path.startsWith(`/${lab}/`)) return res.status(403).end();
  return next();
}

// ok: anonymous-access
app.use("/exports", ownFolderOnly, serveIndex(EXPORT_DIR), express.static(EXPORT_DIR, { index: false }));

// ok: anonymous-access
app.use("/archives", express.static(path.join(EXPORT_DIR, "archives"), { index: false }));

app.listen(Number(process.env.PORT || 3001));
