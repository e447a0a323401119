import { describe, expect, it } from 'vitest';
import { webRequestView } from '../../../src/proxy/request-view.js';

describe('webRequestView', () => {
  it('takes method, target and headers from the Request, the scheme from the runtime', () => {
    const request = new Request('https://gw.test/a/b?x=1', {
      headers: [
        ['accept', 'text/plain'],
        ['x-two', 'a'],
      ],
    });
    const view = webRequestView(request, '192.0.2.7', 'https');
    expect(view).toMatchObject({
      method: 'GET',
      target: '/a/b?x=1',
      peerAddress: '192.0.2.7',
      scheme: 'https',
      body: null,
      native: undefined,
    });
    expect(view.headerPairs).toEqual(['accept', 'text/plain', 'x-two', 'a']);
  });

  it('never takes the scheme from the URL, which an absolute-form target sets', () => {
    const view = webRequestView(new Request('https://any/x'), '192.0.2.7');
    expect(view).toMatchObject({ target: '/x', scheme: 'http' });
  });

  it('answers / for a URL without a path, and no peer address unless given', () => {
    const view = webRequestView({
      url: 'http://gw.test',
      method: 'GET',
      headers: new Headers(),
    } as Request);
    expect(view).toMatchObject({ target: '/', scheme: 'http', peerAddress: undefined });
  });

  it('hands over the body and the abort signal of the Request', async () => {
    const controller = new AbortController();
    const request = new Request('http://gw.test/up', {
      method: 'POST',
      body: 'hello',
      signal: controller.signal,
    });
    const view = webRequestView(request);
    expect(await new Response(view.body).text()).toBe('hello');
    controller.abort();
    expect(view.signal.aborted).toBe(true);
  });
});
