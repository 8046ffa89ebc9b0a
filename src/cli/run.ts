/** Process entry of the CLI: wires `runCli` to stdout, stderr and the exit code. */
import { runCli } from './main';

const code = await runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  isTTY: Boolean(process.stdout.isTTY),
});
process.exitCode = code;
