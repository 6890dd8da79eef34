/**
 * The connection's transport. For `--stdio` and `--node-ipc` the server builds the message reader
 * itself, so that a framing error (a bad or negative Content-Length, garbage bytes, a body that is
 * not JSON) closes the connection with a log line instead of leaving a server that never answers
 * again: the client sees the process end and restarts it. The end of the input (stdin EOF, the
 * parent gone) also ends the process with a log line.
 */
import {
  createConnection,
  Connection,
  IPCMessageReader,
  IPCMessageWriter,
  Message,
  MessageReader,
  MessageWriter,
  ProposedFeatures,
  StreamMessageReader,
  StreamMessageWriter,
} from "vscode-languageserver/node";

export interface Transport {
  connection: Connection;
  /** Set when a `shutdown` request was answered: the exit code on end of input is then 0. */
  markShutdown(): void;
  /**
   * Sees each message as soon as it is read, before the connection's queue dispatches it: an
   * analysis can tell that its input changed while it ran, before publishing stale results.
   */
  onIncoming(listener: (message: Message) => void): void;
}

/** Written straight to stderr: once the input is broken, the client may not read log messages. */
export function logToStderr(message: string): void {
  try {
    process.stderr.write(`privacy-review: ${message}\n`);
  } catch {
    // stderr closed too: nothing left to tell
  }
}

export function createTransport(argv: string[] = process.argv): Transport {
  let shutdownReceived = false;
  let ended = false;
  const end = (code: number, why: string): void => {
    if (ended) return;
    ended = true;
    logToStderr(why);
    process.exit(code);
  };
  let streams: { reader: MessageReader; writer: MessageWriter } | undefined;
  if (argv.includes("--stdio"))
    streams = {
      reader: new StreamMessageReader(process.stdin),
      writer: new StreamMessageWriter(process.stdout),
    };
  else if (argv.includes("--node-ipc") && process.send)
    streams = { reader: new IPCMessageReader(process), writer: new IPCMessageWriter(process) };
  if (!streams) {
    // --socket / --pipe: the library's own transport.
    return {
      connection: createConnection(ProposedFeatures.all),
      markShutdown: () => undefined,
      onIncoming: () => undefined,
    };
  }
  const { reader, writer } = streams;
  const incoming: Array<(message: Message) => void> = [];
  const listen = reader.listen.bind(reader);
  reader.listen = (callback) =>
    listen((message) => {
      for (const listener of incoming) listener(message);
      callback(message);
    });
  reader.onError((error) =>
    end(
      1,
      `malformed message from the client (${firstLine(error)}); closing the connection so the client can restart the server`,
    ),
  );
  reader.onClose(() =>
    end(
      shutdownReceived ? 0 : 1,
      shutdownReceived
        ? "the client closed the connection after shutdown; exiting"
        : "the client closed the connection (end of input) without a shutdown request; exiting",
    ),
  );
  writer.onError(([error]) => end(1, `cannot write to the client (${firstLine(error)}); exiting`));
  writer.onClose(() => end(shutdownReceived ? 0 : 1, "the client's input closed; exiting"));
  return {
    connection: createConnection(ProposedFeatures.all, reader, writer),
    markShutdown: () => {
      shutdownReceived = true;
    },
    onIncoming: (listener) => incoming.push(listener),
  };
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split("\n")[0];
}
