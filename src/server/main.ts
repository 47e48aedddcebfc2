import { parseCommandLine, SANDBOX_USAGE } from './cliOptions';
import { SANDBOX_API_KEY, startArizeServer } from './server';

// Entry point of `npm run sandbox`: starts the sandbox in the foreground,
// prints how to connect, logs one line per request and stops on SIGINT or SIGTERM.

async function main(): Promise<void> {
  let parsed;

  try {
    parsed = parseCommandLine(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${SANDBOX_USAGE}`);
    process.exitCode = 2;
    return;
  }

  if (parsed.help) {
    process.stdout.write(SANDBOX_USAGE);
    return;
  }

  const log = (line: string): void => {
    process.stdout.write(`${new Date().toISOString()} ${line}\n`);
  };
  const server = await startArizeServer({ ...parsed.options, log });
  const summary = server.store.summarize();

  process.stdout.write(
    [
      `Arize sandbox listening on ${server.url}`,
      `API base URL: ${server.url}  (set arizeQueues.apiBaseUrl to this)`,
      `API key:      ${SANDBOX_API_KEY}`,
      `Knobs:        ${JSON.stringify(parsed.options.knobs)}`,
      'Queues:',
      ...summary.queues.map((queue) => `  ${queue.name} [${queue.spaceName}] ${queue.recordCount} records, id ${queue.id}`),
      `Users: ${summary.userEmails.join(', ')}`,
      'Control endpoints: /__sandbox/info, /__sandbox/reset, /__sandbox/knobs, /__sandbox/faults, /__sandbox/requests',
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );

  const stop = (signal: string): void => {
    log(`Received ${signal}, stopping.`);
    server.close().then(
      () => log('Stopped.'),
      (error: Error) => {
        log(`Failed to stop cleanly: ${error.message}`);
        process.exitCode = 1;
      },
    );
  };

  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: NodeJS.ErrnoException) => {
  const hint =
    error.code === 'EADDRINUSE' ? ' The port is in use: pass --port with another number, or --port 0 for any free port.' : '';
  process.stderr.write(`Failed to start the Arize sandbox: ${error.message.replace(/\.$/, '')}.${hint}\n`);
  process.exitCode = 1;
});
