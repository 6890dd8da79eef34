import express, { NextFunction, Request, Response } from "express";
import serveIndex from "serve-index";
import serveStatic from "serve-static";
import passport from "passport";

/** Internal portal where HR staff download payslips and export archives. */
const app = express();

function requireHrRole(req: Request, res: Response, next: NextFunction): void {
  const user = req.user as { roles?: string[] } | undefined;
  if (user?.roles?.includes("hr")) return next();
  res.status(403).end();
}

// ok: anonymous-access
app.use("/static", express.static("public", { maxAge: "1d" }));

// ok: anonymous-access
app.use("/bulletins", passport.authenticate("jwt", { session: false }), requireHrRole, express.static("/srv/hr/bulletins"));

app.use("/admin", passport.authenticate("jwt", { session: false }));
app.use("/admin", requireHrRole);
// ok: anonymous-access
app.use("/admin/exports", serveIndex("/srv/hr/exports"), serveStatic("/srv/hr/exports"));

app.get("/health", (_req, res) => {
  res.json({ ok: true });
});

app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
  console.error(err);
  res.status(500).json({ error: "internal" });
});

const port = Number(process.env.PORT ?? 3000);
app.listen(port, "127.0.0.1", () => {
  // ok: plaintext-transfer
  console.log(`payslip portal on http://127.0.0.1:${port}`);
});

export default app;
