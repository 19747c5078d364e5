/**
 * The far side of `npm run bench:wire`, in its own process as a real provider would be (its HTTP parsing must not
 * share the client's thread): the fake provider, and a plain socket that only counts bytes (the floor's receiver).
 * Tells the parent over IPC when a request's body has fully arrived, and when the socket has received `bytes`.
 */
import { once } from 'node:events';
import type * as http from 'node:http';
import * as net from 'node:net';
import { FakeProvider } from '../test/support/fakeProvider';

type Parent = { type: 'expect'; bytes: number };

async function main(): Promise<void> {
  const fake = await FakeProvider.start();
  fake.defaultScript = { kind: 'stream', text: ['Answered.'], usage: { prompt_tokens: 100, completion_tokens: 2 } };
  fake['server'].on('request', (req: http.IncomingMessage) => req.on('end', () => process.send!({ type: 'arrived' })));
  let received = 0;
  let expected = Infinity;
  const sink = net.createServer((socket) =>
    socket.on('data', (chunk) => {
      received += chunk.length;
      if (received >= expected) {
        expected = Infinity;
        process.send!({ type: 'sunk' });
      }
    }),
  );
  sink.listen(0, '127.0.0.1');
  await once(sink, 'listening');
  process.on('message', (message: Parent) => {
    if (message.type === 'expect') expected = received + message.bytes;
  });
  process.on('disconnect', () => process.exit(0));
  process.send!({ type: 'ready', baseUrl: fake.baseUrl, sinkPort: (sink.address() as net.AddressInfo).port });
}

void main();
