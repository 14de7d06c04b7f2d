/**
 * A small fake of the GitHub REST API on 127.0.0.1, enough for the action: pull request files (paginated with Link
 * headers, as GitHub does), pulls.get, issue comments (list/create/update/delete), reactions, commit statuses,
 * collaborator permission, GraphQL `viewer`, GET /user. It records every request and can fail on demand.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  /** Served with this status (after any injected failure). */
  status: number;
}

export interface FakeComment {
  id: number;
  issue_number: number;
  body: string;
  user: { login: string; type: string };
  created_at: string;
  updated_at: string;
  html_url: string;
}

export interface FakeFile {
  filename: string;
  status: string;
  previous_filename?: string;
}

export interface FakePull {
  number: number;
  headSha: string;
  headRepo: string;
  files: FakeFile[];
}

export interface Failure {
  method: string;
  path: RegExp;
  status: number;
  headers?: Record<string, string>;
  message?: string;
  /** How many matching requests fail; then they succeed. */
  times: number;
}

interface Hold {
  method: string;
  path: RegExp;
  count: number;
  waiting: Array<() => void>;
}

export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  /** Ids of comments created through the API, in creation order. */
  readonly createdIds: number[] = [];
  readonly comments: FakeComment[] = [];
  readonly reactions: Array<{ commentId: number; content: string }> = [];
  readonly statuses: Array<{ sha: string; state: string; context: string; description: string; target_url?: string }> = [];
  readonly pulls = new Map<number, FakePull>();
  /** login → { permission, role_name }; missing: 404 (not a collaborator). */
  readonly permissions = new Map<string, { permission: string; role_name: string }>();
  /** Who the token is. GraphQL `viewer` answers with it; null makes GraphQL fail. */
  viewer: string | null = 'github-actions[bot]';
  /** GET /user: installation tokens get a 403, as on GitHub. */
  restUser: string | null = null;
  /** Author of comments created through the API. */
  commentAuthor = { login: 'github-actions[bot]', type: 'Bot' };
  private failures: Failure[] = [];
  private holds: Hold[] = [];
  private nextId = 1000;
  private clock = Date.parse('2026-01-01T00:00:00Z');
  private server: Server | null = null;
  url = '';

  constructor(readonly owner = 'octo-org', readonly repo = 'shop') {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: `fake-github crashed: ${String(error)}` }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const h of this.holds) h.waiting.splice(0).forEach((release) => release());
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  failOn(failure: Failure): void {
    this.failures.push({ ...failure });
  }

  /** The first `count` matching requests wait until all `count` have arrived: forces two runs to race. */
  holdUntil(method: string, path: RegExp, count: number): void {
    this.holds.push({ method, path, count, waiting: [] });
  }

  addComment(issueNumber: number, body: string, user = this.commentAuthor): FakeComment {
    const comment: FakeComment = {
      id: this.nextId++,
      issue_number: issueNumber,
      body,
      user: { ...user },
      created_at: this.tick(),
      updated_at: '',
      html_url: '',
    };
    comment.updated_at = comment.created_at;
    comment.html_url = `https://github.com/${this.owner}/${this.repo}/pull/${issueNumber}#issuecomment-${comment.id}`;
    this.comments.push(comment);
    return comment;
  }

  commentsOn(issueNumber: number): FakeComment[] {
    return this.comments.filter((c) => c.issue_number === issueNumber);
  }

  writes(): RecordedRequest[] {
    return this.requests.filter((r) => r.method !== 'GET' && !(r.method === 'POST' && r.path === '/graphql'));
  }

  count(method: string, path: RegExp): number {
    return this.requests.filter((r) => r.method === method && path.test(r.path)).length;
  }

  private tick(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const method = req.method ?? 'GET';
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body = text ? (JSON.parse(text) as unknown) : null;
    const record: RecordedRequest = { method, path: url.pathname, query: url.searchParams, body, status: 0 };
    this.requests.push(record);

    const hold = this.holds.find((h) => h.method === method && h.path.test(url.pathname) && h.count > 0);
    if (hold) {
      hold.count--;
      if (hold.count > 0) await new Promise<void>((resolve) => {
        hold.waiting.push(resolve);
        setTimeout(resolve, 15_000).unref();
      });
      else hold.waiting.splice(0).forEach((release) => release());
    }

    const failure = this.failures.find((f) => f.times > 0 && f.method === method && f.path.test(url.pathname));
    if (failure) {
      failure.times--;
      return this.send(res, record, failure.status, { message: failure.message ?? `injected ${failure.status}`, documentation_url: 'https://docs.github.com/rest' }, failure.headers);
    }
    const [status, data, headers] = this.route(method, url, body);
    return this.send(res, record, status, data, headers);
  }

  private send(res: ServerResponse, record: RecordedRequest, status: number, data: unknown, headers: Record<string, string> = {}): void {
    record.status = status;
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(status === 204 ? undefined : JSON.stringify(data));
  }

  private page<T>(url: URL, items: T[]): [number, T[], Record<string, string>] {
    const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), 100);
    const page = Number(url.searchParams.get('page') ?? 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const slice = items.slice((page - 1) * perPage, page * perPage);
    const link = (p: number) => {
      const u = new URL(url.href);
      u.searchParams.set('page', String(p));
      u.searchParams.set('per_page', String(perPage));
      return u.href;
    };
    const links: string[] = [];
    if (page < last) links.push(`<${link(page + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`);
    if (page > 1) links.push(`<${link(1)}>; rel="first"`, `<${link(page - 1)}>; rel="prev"`);
    return [200, slice, links.length ? { link: links.join(', ') } : {}];
  }

  private route(method: string, url: URL, body: unknown): [number, unknown, Record<string, string>?] {
    const p = url.pathname;
    const repoPrefix = `/repos/${this.owner}/${this.repo}`;
    const notFound: [number, unknown] = [404, { message: 'Not Found' }];
    if (method === 'POST' && p === '/graphql') {
      if (!this.viewer) return [200, { data: null, errors: [{ type: 'FORBIDDEN', message: 'Resource not accessible by integration' }] }];
      return [200, { data: { viewer: { login: this.viewer } } }];
    }
    if (method === 'GET' && p === '/user') {
      return this.restUser ? [200, { login: this.restUser, type: 'User' }] : [403, { message: 'Resource not accessible by integration' }];
    }
    if (!p.startsWith(`${repoPrefix}/`)) return notFound;
    const rest = p.slice(repoPrefix.length);
    let m: RegExpExecArray | null;

    if (method === 'GET' && (m = /^\/pulls\/(\d+)\/files$/.exec(rest))) {
      const pull = this.pulls.get(Number(m[1]));
      if (!pull) return notFound;
      return this.page(url, pull.files.map((f, i) => ({ sha: `blob${i}`, additions: 1, deletions: 0, changes: 1, ...f })));
    }
    if (method === 'GET' && (m = /^\/pulls\/(\d+)$/.exec(rest))) {
      const pull = this.pulls.get(Number(m[1]));
      if (!pull) return notFound;
      const baseRepo = `${this.owner}/${this.repo}`;
      return [
        200,
        {
          number: pull.number,
          state: 'open',
          changed_files: pull.files.length,
          head: { sha: pull.headSha, ref: 'feature', repo: { full_name: pull.headRepo } },
          base: { sha: 'base', ref: 'main', repo: { full_name: baseRepo } },
        },
      ];
    }
    if (method === 'GET' && (m = /^\/issues\/(\d+)\/comments$/.exec(rest))) {
      return this.page(url, this.commentsOn(Number(m[1])));
    }
    if (method === 'POST' && (m = /^\/issues\/(\d+)\/comments$/.exec(rest))) {
      const comment = this.addComment(Number(m[1]), String((body as { body?: unknown }).body ?? ''));
      this.createdIds.push(comment.id);
      return [201, comment];
    }
    if ((m = /^\/issues\/comments\/(\d+)$/.exec(rest))) {
      const index = this.comments.findIndex((c) => c.id === Number(m![1]));
      if (index === -1) return notFound;
      if (method === 'PATCH') {
        const comment = this.comments[index]!;
        comment.body = String((body as { body?: unknown }).body ?? '');
        comment.updated_at = this.tick();
        return [200, comment];
      }
      if (method === 'DELETE') {
        this.comments.splice(index, 1);
        return [204, null];
      }
    }
    if (method === 'POST' && (m = /^\/issues\/comments\/(\d+)\/reactions$/.exec(rest))) {
      const content = String((body as { content?: unknown }).content);
      this.reactions.push({ commentId: Number(m[1]), content });
      return [201, { id: this.nextId++, content }];
    }
    if (method === 'POST' && (m = /^\/statuses\/([0-9a-f]+)$/.exec(rest))) {
      const b = body as { state: string; context: string; description: string; target_url?: string };
      this.statuses.push({ sha: m[1]!, ...b });
      return [201, { id: this.nextId++, ...b }];
    }
    if (method === 'GET' && (m = /^\/collaborators\/([^/]+)\/permission$/.exec(rest))) {
      const login = decodeURIComponent(m[1]!);
      const permission = this.permissions.get(login);
      if (!permission) return [404, { message: `${login} is not a user` }];
      return [200, { ...permission, user: { login } }];
    }
    return notFound;
  }
}
