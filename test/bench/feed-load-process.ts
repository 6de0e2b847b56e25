/**
 * Child-process entry of the ingestion load generator: takes LoadRequests
 * from its parent over IPC, one at a time, and answers each with its
 * LoadResult (or the error that stopped it).
 */
import { drive, type LoadRequest } from './feed-load.js';

process.on('message', (request: LoadRequest) => {
  drive(request).then(
    (result) => process.send!({ result }),
    (error: unknown) => process.send!({ error: error instanceof Error ? error.stack ?? error.message : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
