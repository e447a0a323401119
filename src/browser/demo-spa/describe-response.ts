interface Echo {
  upstream?: unknown;
  identity?: { subject?: unknown; session?: unknown; scope?: unknown };
}

interface Problem {
  title?: unknown;
  detail?: unknown;
}

function summary(type: string, body: string): string {
  if (body === '') return '';
  try {
    if (type.includes('problem+json')) {
      const problem = JSON.parse(body) as Problem;
      return String(problem.detail ?? problem.title ?? '');
    }
    if (type.includes('json')) {
      const echo = JSON.parse(body) as Echo;
      if (echo.upstream !== undefined && echo.identity !== undefined) {
        const { subject, session, scope } = echo.identity;
        return `the upstream saw subject ${String(subject)}, session ${String(session)}, scope "${String(scope)}"`;
      }
    }
  } catch {
    // not the JSON it claims to be: shown as text below
  }
  return body.length > 200 ? `${body.slice(0, 200)}…` : body;
}

/**
 * One line for a call's outcome, status code first ("200 OK: the upstream saw subject …",
 * "401 Unauthorized: session revoked"), from the demo upstream's echo or the gateway's problem.
 */
export async function describeResponse(response: Response): Promise<string> {
  const type = response.headers.get('content-type') ?? '';
  const text = summary(type, (await response.text()).trim());
  const status = `${response.status} ${response.statusText}`.trim();
  return text === '' ? status : `${status}: ${text}`;
}
