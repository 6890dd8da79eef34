/** What every sub-command module receives: the streams, and where to leave its exit code. */
import { CliIo } from "../io";

export interface CommandContext {
  io: CliIo;
  /** The command's exit code (0 unless it sets one). */
  exitCode: number;
}
