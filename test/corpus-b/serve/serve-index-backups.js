// connect-style server for the maintenance team: a browsable listing of the nightly dumps.
const express = require("express");
const serveIndex = require("serve-index");
const serveStatic = require("serve-static");
const basicAuth = require("express-basic-auth");

const DUMPS = "/var/backups/lis";
const EXTRACTS = "/var/exports/migration";

const maintenance = express();

// ruleid: anonymous-access
maintenance.use("/dumps", serveIndex(DUMPS, { icons: true }), serveStatic(DUMPS));

maintenance.listen(2121);

const partner = express();
partner.use(
  basicAuth({
    users: { [process.env.PARTNER_USER]: process.env.PARTNER_PASSWORD },
    challenge: true,
  })
);
// ok: anonymous-access
partner.use("/extractions", serveIndex(EXTRACTS), serveStatic(EXTRACTS));

partner.listen(2122);

const docs = express();
// ok: anonymous-access
docs.use("/", serveStatic("/usr/share/doc/lis-migration"));
docs.listen(2123);
