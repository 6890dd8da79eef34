/**
 * Inbound transfers (the `downloads` models: ssh2-sftp-client get/fastGet/createReadStream,
 * basic-ftp downloadTo, ftp get, S3 GetObject, GCS and Azure downloads). A downloaded file holds
 * what the remote held: personal when its name says so (`results.hl7`, `Patient.ndjson`, a folder
 * naming patients) and otherwise external data that the code may still show to be personal by what
 * it reads from it. A download that returns the content is a source; one that saves it to a local
 * path is a local write of it (WorkspaceFacts), which reading the file back picks up.
 */
import { ts } from "ts-morph";
import { argumentAt } from "../models/arguments";
import { Category, DownloadModel, Models } from "../models/models";
import { ApiRef, CallLike, lastCall, Resolver } from "../resolve/values";
import { Evidence, ExternalInfo } from "./evidence";
import { pathHint, type Flow, type SourceInfo } from "./taint";

const CATS_DOWNLOADS: readonly Category[] = ["downloads"];

export interface DownloadSite {
  call: ts.CallExpression | ts.NewExpression;
  model: DownloadModel;
  ref: ApiRef;
}

export class Downloads {
  constructor(
    private readonly r: Resolver,
    private readonly models: Models,
    private readonly evidence: Evidence,
  ) {}

  /** The download a call (or `new GetObjectCommand(...)`) is, when a `downloads` model matches it. */
  site(call: CallLike): DownloadSite | undefined {
    if (ts.isTaggedTemplateExpression(call) || !this.models.mayMatch(call, CATS_DOWNLOADS)) return undefined;
    for (const ref of this.r.apis(call)) {
      if (lastCall(ref) !== call) continue;
      const m = this.models.match<DownloadModel>("downloads", ref)[0];
      if (m) return { call, model: m, ref };
    }
    return undefined;
  }

  /** A download whose content comes back from the call (no local path given): the source it is. */
  at(call: CallLike): Flow[] | undefined {
    const site = this.site(call);
    if (!site) return undefined;
    if (site.model.localArg !== undefined && argumentAt(this.r, site.call, site.model.localArg))
      return undefined;
    return this.contents(site);
  }

  /** What the downloaded file holds: personal by its name, else external data named after it. */
  contents(site: DownloadSite): Flow[] {
    const remote = this.remoteExpr(site);
    const text = remote ? (pathHint(this.r, remote) ?? undefined) : undefined;
    const why = text ? this.evidence.fileContents(text) : undefined;
    if (why) {
      const src: SourceInfo = { node: site.call, kind: "download", atRisk: `${why}, downloaded` };
      return [{ origin: { kind: "src", src }, steps: [] }];
    }
    const base = text?.split(/[\\/]/).filter(Boolean).pop();
    const holder = base && !/^x$|\{/.test(base) ? base : "downloaded file";
    const ext: ExternalInfo = { node: site.call, kind: "download", holder };
    return [{ origin: { kind: "ext", ext }, steps: [] }];
  }

  /** The local path a download saves to: the argument, or the path of the write stream given there. */
  localArg(site: DownloadSite): ts.Expression | undefined {
    return site.model.localArg !== undefined ? argumentAt(this.r, site.call, site.model.localArg) : undefined;
  }

  private remoteExpr(site: DownloadSite): ts.Expression | undefined {
    if (site.model.remoteArg !== undefined) return argumentAt(this.r, site.call, site.model.remoteArg);
    if (site.model.remoteFrom) {
      const names = new Set(site.model.remoteFrom.split("|"));
      const steps = site.ref.steps;
      for (let i = 0; i + 1 < steps.length; i++) {
        const a = steps[i];
        const b = steps[i + 1];
        if (
          a.k === "m" &&
          names.has(a.name) &&
          b.k === "c" &&
          b.node &&
          !ts.isTaggedTemplateExpression(b.node)
        )
          return b.node.arguments?.[0];
      }
    }
    return undefined;
  }
}
