/**
 * A real HTTP receiver on 127.0.0.1 (port 0) for tests of what workblock sends: every request is
 * recorded whole, and the test's `answer` decides the response.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Receiver {
  /** host:port */
  address: string;
  received: Received[];
  close(): Promise<void>;
}

export async function startReceiver(answer: (request: Received, res: ServerResponse, address: string) => void): Promise<Receiver> {
  const received: Received[] = [];
  let address = '';
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      received.push(request);
      answer(request, res, address);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    address,
    received,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
