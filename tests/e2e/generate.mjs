// Synthetic but realistic report inputs for the large-input test and the
// benchmark: real-looking names, action-level, ARNs, paged by 100 services,
// written as a JSON array of pages (so JSON.parse can read the same bytes).
import fs from 'node:fs';
import path from 'node:path';

const FORMAT = 'indent-2';
const NAMES = ['ec2', 's3', 'iam', 'lambda', 'dynamodb', 'sqs', 'sns', 'kms', 'rds', 'cloudwatch', 'logs', 'sts', 'ecr', 'ecs',
  'eks', 'glue', 'athena', 'redshift', 'kinesis', 'firehose', 'route53', 'cloudformation', 'secretsmanager', 'ssm', 'sagemaker'];
const ACTIONS = ['Describe', 'List', 'Get', 'Put', 'Create', 'Delete', 'Update', 'Tag', 'Untag', 'Start', 'Stop'];
const OBJECTS = ['Instances', 'Buckets', 'Roles', 'Functions', 'Tables', 'Queues', 'Topics', 'Keys', 'Clusters', 'Policies', 'Streams'];

/**
 * Write `reports` reports of `services` services each; every service has
 * `actions` tracked actions; about two thirds of services and actions were used.
 * Returns { file, bytes, services, actions }.
 */
export function generate(file, { reports = 1, services = 400, actions = 0 }) {
  if (fs.existsSync(file) && fs.existsSync(`${file}.meta`)) {
    const meta = JSON.parse(fs.readFileSync(`${file}.meta`, 'utf8'));
    if (meta.reports === reports && meta.services === services && meta.actions === actions && meta.format === FORMAT) return { ...meta, file };
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const out = fs.openSync(file, 'w');
  let bytes = 0;
  const write = (t) => { fs.writeSync(out, t); bytes += Buffer.byteLength(t); };
  write('[');
  let first = true;
  for (let r = 0; r < reports; r++) {
    const ref = Date.parse('2026-11-01T10:00:05.000Z') - r * 3_600_000;
    const created = new Date(ref - 5000).toISOString();
    const role = `arn:aws:iam::${String(100000000000 + r * 7919).padStart(12, '0')}:role/team-${r}/deployer`;
    for (let p = 0; p * 100 < services; p++) {
      const list = [];
      for (let s = p * 100; s < Math.min(services, (p + 1) * 100); s++) {
        const ns = `${NAMES[s % NAMES.length]}${s >= NAMES.length ? s : ''}`;
        const used = s % 3 !== 0;
        const tracked = [];
        for (let a = 0; a < actions; a++) {
          const name = `${ACTIONS[a % ACTIONS.length]}${OBJECTS[(a * 7 + s) % OBJECTS.length]}${a >= 100 ? a : ''}`;
          tracked.push((a * 7 + s) % 3 !== 0
            ? { ActionName: name, LastAccessedEntity: role, LastAccessedTime: new Date(ref - ((a * 13 + s) % 400) * 86_400_000 - a * 1000).toISOString(), LastAccessedRegion: ['us-east-1', 'eu-west-1', 'ap-southeast-2'][a % 3] }
            : { ActionName: name });
        }
        const svc = { ServiceName: `Service ${ns}`, ServiceNamespace: ns, TotalAuthenticatedEntities: used ? 1 : 0 };
        if (used) Object.assign(svc, { LastAuthenticated: new Date(ref - (s % 200) * 86_400_000 - s * 1000).toISOString(), LastAuthenticatedEntity: role, LastAuthenticatedRegion: 'eu-west-1' });
        if (actions) svc.TrackedActionsLastAccessed = tracked;
        list.push(svc);
      }
      const last = (p + 1) * 100 >= services;
      const page = { JobStatus: 'COMPLETED', JobType: actions ? 'ACTION_LEVEL' : 'SERVICE_LEVEL', JobCreationDate: created, ServicesLastAccessed: list, JobCompletionDate: new Date(ref).toISOString(), IsTruncated: !last };
      if (!last) page.Marker = `marker-${r}-${p}`;
      // Indented like the AWS CLI prints it.
      write(`${first ? '' : ','}\n${JSON.stringify(page, null, 2)}`);
      first = false;
    }
  }
  write(']\n');
  fs.closeSync(out);
  const meta = { file, bytes, reports, services, actions, format: FORMAT, serviceRows: reports * services, actionRows: reports * services * actions };
  fs.writeFileSync(`${file}.meta`, JSON.stringify(meta));
  return meta;
}

/**
 * A thousand small files as one might choose at once: `jobs` jobs of `pages`
 * pages each (10 services with 3 tracked actions a page, about 10 KB, paged
 * by Marker) and `bad` malformed files, in a fixed shuffled order. Writes
 * them into `dir`; returns their paths.
 */
export function generateMany(dir, { jobs = 30, pages = 30, bad = 100 } = {}) {
  const files = [];
  for (let j = 0; j < jobs; j++) {
    const created = new Date(Date.parse('2026-11-01T00:00:00Z') - j * 3_600_000).toISOString();
    const role = `arn:aws:iam::123456789012:role/team-${j}`;
    for (let p = 0; p < pages; p++) {
      const services = [];
      for (let k = 0; k < 10; k++) {
        const ns = `svc${String(p * 10 + k).padStart(3, '0')}`;
        services.push({
          ServiceName: `Service ${ns}`, ServiceNamespace: ns, LastAuthenticated: created, LastAuthenticatedEntity: role,
          LastAuthenticatedRegion: 'eu-west-1', TotalAuthenticatedEntities: 1,
          TrackedActionsLastAccessed: ['DescribeThings', 'ListThings', 'GetThing'].map((a) => ({ ActionName: a, LastAccessedEntity: role, LastAccessedTime: created, LastAccessedRegion: 'eu-west-1' })),
        });
      }
      const last = p === pages - 1;
      const page = { JobStatus: 'COMPLETED', JobType: 'ACTION_LEVEL', JobCreationDate: created, JobCompletionDate: created, ServicesLastAccessed: services, IsTruncated: !last };
      if (!last) page.Marker = `m-${j}-${p}`;
      const f = path.join(dir, `job-${j}-page-${p + 1}.json`);
      fs.writeFileSync(f, JSON.stringify(page, null, 2));
      files.push(f);
    }
  }
  for (let b = 0; b < bad; b++) {
    const f = path.join(dir, `bad-${b}.json`);
    fs.writeFileSync(f, `{"JobStatus": "COMPLETED", "ServicesLastAccessed": [${'{"ServiceName": "x",'.repeat(b % 7)}`);
    files.push(f);
  }
  // A fixed interleaving of pages of every job and bad files.
  const key = (f) => (f.length * 7919 + f.charCodeAt(f.length - 6)) % 13;
  return files.sort((a, b) => key(a) - key(b));
}

/**
 * An account as the collection script saves it: `<account>/<roles|users|
 * groups>/<name>/page-N.json`, `roles` roles, `users` users and `groups`
 * groups, each granted `services` services (two pages when over 10). Every
 * seventh principal used nothing; the others used two thirds of their
 * services, some long ago. Group reports name the member who used a
 * service, as IAM's do. Returns the expected fleet: { total, unused,
 * kinds: {role, user, group}, principals: [{ arn, kind, used, granted, unused }] }.
 */
export function generateAccount(dir, { account = '210987654321', roles = 120, users = 60, groups = 20, services = 14, pageSize = 10, laterBy = 0 } = {}) {
  const base = path.join(dir, account);
  fs.rmSync(base, { recursive: true, force: true });
  // `laterBy`: the same account collected that many days later, nothing used since.
  const used0 = Date.parse('2026-11-20T12:00:00.000Z');
  const reference = used0 + laterBy * 86_400_000;
  const principals = [];
  const all = [
    ...Array.from({ length: roles }, (_, i) => ['roles', 'role', `app-${String(i).padStart(3, '0')}`]),
    ...Array.from({ length: users }, (_, i) => ['users', 'user', `person-${String(i).padStart(3, '0')}`]),
    ...Array.from({ length: groups }, (_, i) => ['groups', 'group', `team-${String(i).padStart(3, '0')}`]),
  ];
  all.forEach(([folder, kind, name], n) => {
    const arn = `arn:aws:iam::${account}:${kind}/${name}`;
    const entity = kind === 'group' ? `arn:aws:iam::${account}:user/member-of-${name}` : arn;
    const idle = n % 7 === 3;
    const created = new Date(reference - n * 1000 - 5000).toISOString();
    let used = 0;
    const ages = [];
    const list = [];
    for (let s = 0; s < services; s++) {
      // The first services rotate by principal; past the named ones, numbered.
      const ns = s < NAMES.length ? NAMES[(s + n) % NAMES.length] : `${NAMES[s % NAMES.length]}${s}`;
      const svc = { ServiceName: `Service ${ns}`, ServiceNamespace: ns, TotalAuthenticatedEntities: 0 };
      // Two thirds used: within 90 days for most, 200 days ago for every fourth.
      if (!idle && s % 3 !== 0) {
        const days = s % 4 === 0 ? 200 : (s * 5) % 80;
        ages.push(days);
        if (days + laterBy <= 90) used++;
        Object.assign(svc, { LastAuthenticated: new Date(used0 - days * 86_400_000).toISOString(), LastAuthenticatedEntity: entity, LastAuthenticatedRegion: 'eu-west-1', TotalAuthenticatedEntities: 1 });
      }
      list.push(svc);
    }
    list.sort((a, b) => a.ServiceNamespace.localeCompare(b.ServiceNamespace));
    const d = path.join(base, folder, name);
    fs.mkdirSync(d, { recursive: true });
    const pages = [];
    for (let i = 0; i < list.length; i += pageSize) pages.push(list.slice(i, i + pageSize));
    pages.forEach((chunk, p) => {
      const last = p === pages.length - 1;
      const page = { JobStatus: 'COMPLETED', JobType: 'SERVICE_LEVEL', JobCreationDate: created, ServicesLastAccessed: chunk, JobCompletionDate: new Date(reference).toISOString(), IsTruncated: !last };
      if (!last) page.Marker = `m-${name}`;
      fs.writeFileSync(path.join(d, `page-${p + 1}.json`), `${JSON.stringify(page, null, 4)}\n`);
    });
    fs.writeFileSync(path.join(d, '.complete'), '');
    principals.push({ arn, kind, used, granted: list.length, unused: used === 0, ages });
  });
  fs.writeFileSync(path.join(base, 'errors.txt'), '');
  return {
    base,
    total: principals.length,
    unused: principals.filter((p) => p.unused).length,
    kinds: { role: roles, user: users, group: groups },
    principals,
  };
}

/**
 * The account's authorization details for `acct` (from generateAccount), as
 * `get-account-authorization-details` prints them: each role and user with
 * an inline policy of its own and customer managed policies shared by
 * hundreds (20 policies, each role holding three, each user one), so an
 * account's plans read the same shared policy for many principals.
 */
export function generateAuthz(acct, file, { shared = 20 } = {}) {
  const account = acct.principals[0].arn.split(':')[4];
  const doc = (actions) => encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] }));
  const wild = (from, n) => Array.from({ length: n }, (_, k) => `${NAMES[(from + k) % NAMES.length]}:*`);
  const policy = (i) => ({ PolicyName: `shared-${i}`, PolicyArn: `arn:aws:iam::${account}:policy/shared-${i}` });
  const Policies = Array.from({ length: shared }, (_, i) => ({ ...policy(i), Arn: policy(i).PolicyArn, DefaultVersionId: 'v1', IsAttachable: true,
    PolicyVersionList: [{ Document: doc(wild(i, 5)), VersionId: 'v1', IsDefaultVersion: true }] }));
  const RoleDetailList = [];
  const UserDetailList = [];
  acct.principals.forEach(({ arn, kind }, i) => {
    const name = arn.split('/').pop();
    if (kind === 'role') {
      RoleDetailList.push({ Path: '/', RoleName: name, Arn: arn, RolePolicyList: [{ PolicyName: 'own', PolicyDocument: doc(wild(i, 6)) }],
        AttachedManagedPolicies: [0, 1, 2].map((k) => policy((i + k) % shared)) });
    } else if (kind === 'user') {
      UserDetailList.push({ Path: '/', UserName: name, Arn: arn, GroupList: [], UserPolicyList: [{ PolicyName: 'own', PolicyDocument: doc(wild(i, 4)) }],
        AttachedManagedPolicies: [policy(i % shared)] });
    }
  });
  fs.writeFileSync(file, JSON.stringify({ UserDetailList, GroupDetailList: [], RoleDetailList, Policies, IsTruncated: false }));
  return { roles: RoleDetailList.length, users: UserDetailList.length, policies: shared };
}
