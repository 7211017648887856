import net from 'node:net';

/**
 * Asks the OS for a TCP port that is free on 127.0.0.1 right now (listen on port 0, read it, close).
 * Another process could take it before the caller binds it; callers that start servers retry on
 * "address already in use".
 *
 * @example
 * const port = await findFreePort(); // e.g. 41873
 */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('The OS gave no port'))));
    });
  });
}
