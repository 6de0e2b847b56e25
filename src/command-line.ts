import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * The shape of the project's small command-line tools (npm run token, npm
 * run seed): parse the options, run, and on any failure print one plain
 * sentence and the usage, never a stack trace.
 */
export async function runCommand<T extends ParseArgsConfig['options']>(
  usage: string,
  options: T,
  main: (values: ReturnType<typeof parseArgs<{ options: T }>>['values']) => Promise<void>,
): Promise<void> {
  try {
    const { values } = parseArgs({ options: { ...options, help: { type: 'boolean' } } });
    if ((values as { help?: boolean }).help) {
      process.stdout.write(`${usage}\n`);
      return;
    }
    await main(values);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${usage}\n`);
    process.exitCode = 2;
  }
}

/** A failure the user can fix: said plainly by runCommand. */
export class CommandError extends Error {}
