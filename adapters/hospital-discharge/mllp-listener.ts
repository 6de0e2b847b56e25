/**
 * The MLLP listener: a TCP server that unframes HL7 v2 messages, receives
 * each through the inbox and writes its ACK back, in order, on the same
 * connection. A message is ACKed only once stored; a connection that drops
 * mid-frame loses only that unACKed frame, which its sender resends.
 */
import { createServer, type Socket } from 'node:net';
import type { Logger } from 'pino';
import type { FeedReader, MessageFiling, MllpListener, MllpOptions } from '../../src/inbox/ports.js';
import { frameMllp, MllpFrameDecoder, type MllpEvent } from './hl7v2/mllp-framing.js';
import { HL7V2_CONTENT_TYPE, receiveHl7v2, refusalAck } from './hl7v2-feed.js';

export async function listenMllp(inbox: MessageFiling, reader: FeedReader, options: MllpOptions, logger: Logger): Promise<MllpListener> {
  const sockets = new Set<Socket>();
  const working = new Set<Promise<void>>();
  // Half-open: a sender may send its frames and then FIN (nc -N, batch scripts); it still gets every ACK.
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    const peer = `${socket.remoteAddress}:${socket.remotePort}`;
    const decoder = new MllpFrameDecoder(options.maxFrameBytes);
    // Frames are handled one at a time per connection so ACKs go back in the order the messages came.
    let queue = Promise.resolve();
    socket.setTimeout(options.idleTimeoutMs, () => {
      logger.info({ peer }, 'MLLP connection idle: closed');
      socket.end();
    });
    socket.on('data', (chunk) => {
      for (const event of decoder.push(chunk)) {
        const step = queue.then(() => handle(event));
        queue = step;
        working.add(step);
        void step.finally(() => working.delete(step));
      }
    });
    socket.on('end', () => {
      for (const event of decoder.end()) {
        if (event.kind === 'discarded') logger.warn({ peer, bytes: event.bytes }, 'MLLP connection ended mid-frame; the partial frame was not stored');
      }
      void queue.then(() => socket.end());
    });
    socket.on('error', (error) => logger.info({ peer, err: error }, 'MLLP connection error'));
    socket.on('close', () => sockets.delete(socket));

    async function handle(event: MllpEvent): Promise<void> {
      if (socket.destroyed) return;
      switch (event.kind) {
        case 'discarded':
          logger.warn({ peer, bytes: event.bytes }, 'MLLP bytes outside a frame discarded');
          return;
        case 'oversize':
          logger.warn({ peer, limit: event.limit }, 'MLLP frame over the size limit refused');
          socket.write(frameMllp(Buffer.from(refusalAck(`the message is over the MLLP frame limit of ${event.limit} bytes`))));
          return;
        case 'frame':
          try {
            const { ack } = await receiveHl7v2(inbox, reader, event.payload, { transport: 'MLLP', trustOdsCode: null }, HL7V2_CONTENT_TYPE);
            if (!socket.destroyed) socket.write(frameMllp(Buffer.from(ack, 'utf8')));
          } catch (error) {
            // Only a store outage gets here: whatever a sender's bytes hold is stored and answered
            // (the inbox makes every text storable, a reader's own bug is kept as FAILED), so a poison
            // message is ACKed AR or AE and the frames after it carry on. An outage is the one thing
            // a resend can cure: no ACK, and the connection goes, so the sender's engine resends.
            logger.error({ peer, err: error }, 'an MLLP message could not be stored; connection closed without an ACK');
            socket.destroy();
          }
          return;
      }
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  logger.info({ host: options.host, port }, 'MLLP listener started');
  return {
    port,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled([...working]);
      for (const socket of sockets) {
        socket.end();
        // A peer that never closes its side must not hold the shutdown.
        setTimeout(() => socket.destroy(), 1_000).unref();
      }
      await closed;
    },
  };
}
