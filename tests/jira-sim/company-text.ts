/**
 * The words of the `company` seed: realistic issue summaries per issue type (bugs with symptoms and
 * conditions, user stories, chores, epics with a quarter) and descriptions in the shapes real teams write
 * (steps to reproduce with a log excerpt and an environment table, acceptance criteria, runbook commands,
 * milestone tables, @mentions and links), as rich text (richtext.ts) for ADF or wiki markup. Everything is
 * drawn from a seeded PRNG: the same seed gives the same words.
 */
import type { Draw } from "./prng";
import type { Block, Inline, MentionRef } from "./richtext";

const COMPONENTS = [
  "Checkout", "Login page", "Search results", "Invoice PDF export", "CSV import", "Password reset email", "Mobile push notifications",
  "Billing webhook", "Admin dashboard", "Report scheduler", "Audit log", "SSO callback", "Order history", "Shipping label printer",
  "GraphQL gateway", "Session cache", "Rate limiter", "Cron runner", "Data warehouse sync", "User profile page", "Status page",
  "iOS app", "Android app", "Kafka consumer", "S3 lifecycle job", "Helm chart", "Terraform module", "Feature-flag service",
];

const SYMPTOMS = [
  "times out", "returns 500", "shows a blank screen", "double-charges the customer", "drops the last row", "logs the user out",
  "sends duplicate emails", "renders dates in UTC", "ignores the locale", "leaks memory", "hangs at 99%", "crashes on start",
  "shows stale data", "rejects valid input", "loses unsaved changes", "is very slow",
];

const CONDITIONS = [
  "when the cart has more than 50 items", "after the DST switch", "for users in Asia/Kolkata", "on Safari 17", "behind the corporate proxy",
  "with an emoji in the name", "for accounts created before 2019", "under load (> 2k rps)", "after a failed payment", "on the second page",
  "when the file has a BOM", "with SSO enabled", "in dark mode", "on Android 14", "if the session is older than 24h", "for names with “quotes” & ampersands",
];

const VERBS = ["Upgrade", "Migrate", "Document", "Automate", "Remove", "Rotate", "Add monitoring for", "Clean up", "Benchmark", "Split", "Deprecate", "Archive"];

const OBJECTS = [
  "PostgreSQL to 16 on the reporting cluster", "the legacy v1 API endpoints", "TLS certificates for *.example.com", "the on-call runbook",
  "Node 18 services to Node 20", "the nightly backup job", "unused IAM roles", "Grafana dashboards for checkout", "the monolith's user module",
  "feature flags older than 6 months", "Elasticsearch 7 indices", "the Jenkins pipelines to GitHub Actions", "secrets in the CI config",
  "the Zürich office VPN", "customer data exports (GDPR)", "the release checklist",
];

const ROLES = ["customer", "support agent", "finance admin", "new user", "team lead", "warehouse operator", "mobile user", "site admin"];

const CAPABILITIES = [
  "reset my password from the app", "export invoices as CSV", "see my order history across devices", "log in with Okta SSO",
  "filter search results by price", "get a push notification when my order ships", "undo a deleted comment", "set my time zone",
  "download a GDPR data export", "pay with Apple Pay", "invite teammates by email", "see which plan I am on",
];

const INITIATIVES = [
  "Payments platform v2", "Self-service onboarding", "Mobile app redesign", "EU data residency", "SOC 2 readiness", "Search relevance",
  "Observability overhaul", "Cost reduction", "Accessibility (WCAG 2.2)", "Partner API", "Checkout performance", "Internationalisation",
];

const SUBTASKS = ["Write tests", "Update the docs", "Code review follow-ups", "Add metrics", "Feature flag cleanup", "QA on staging", "Update the changelog", "Pair with design"];

const LANGS: [string, string][] = [
  ["bash", "kubectl -n payments rollout restart deploy/checkout\nkubectl -n payments get pods -l app=checkout"],
  ["sql", "SELECT id, created_at\n  FROM orders\n WHERE status = 'pending'\n   AND created_at < now() - interval '2 days';"],
  ["java", "java.lang.IllegalStateException: Session already closed\n\tat com.example.session.Store.get(Store.java:88)\n\tat com.example.api.Handler.handle(Handler.java:41)"],
  ["json", "{\n  \"error\": \"timeout\",\n  \"elapsedMs\": 30012,\n  \"route\": \"/api/v2/checkout\"\n}"],
  ["python", "for order in pending_orders():\n    if order.age_days > 2:\n        cancel(order, reason=\"stale\")"],
  ["yaml", "replicas: 3\nresources:\n  limits:\n    memory: 512Mi"],
];

const BROWSERS = ["Chrome 131", "Safari 17.6", "Firefox 133", "Edge 131", "iOS 18 app", "Android 14 app"];

/** The issue types the company site uses. */
export type CompanyIssueType = "Epic" | "Story" | "Task" | "Bug" | "Sub-task";

export function summaryFor(d: Draw, type: CompanyIssueType): string {
  switch (type) {
    case "Bug":
      return `${d.pick(COMPONENTS)} ${d.pick(SYMPTOMS)} ${d.pick(CONDITIONS)}`;
    case "Story":
      return `As a ${d.pick(ROLES)}, I can ${d.pick(CAPABILITIES)}`;
    case "Task":
      return `${d.pick(VERBS)} ${d.pick(OBJECTS)}`;
    case "Epic":
      return `${d.pick(INITIATIVES)} (Q${d.int(1, 4)} ${d.int(2024, 2025)})`;
    case "Sub-task":
      return d.pick(SUBTASKS);
  }
}

const doc = (n: number): { link: string; href: string } => ({ link: `design doc #${n}`, href: `https://wiki.example.com/display/ENG/Design+${n}` });

/** A description in the shape teams write for that issue type; null for some (real sites have many empty ones). */
export function descriptionFor(d: Draw, type: CompanyIssueType, summary: string, people: MentionRef[]): Block[] | null {
  const someone = (): Inline => ({ mention: d.pick(people) });
  if (d.chance(type === "Sub-task" ? 0.5 : 0.1)) return null;
  switch (type) {
    case "Bug": {
      const [lang, code] = d.pick(LANGS);
      return [
        { h: 3, text: "Steps to reproduce" },
        { numbered: [{ text: ["Log in as a test customer"] }, { text: ["Open ", { strong: summary.split(" ").slice(0, 2).join(" ") }] }, { text: ["Wait ", { code: `${d.int(5, 90)}s` }, " and reload"] }] },
        { p: [{ strong: "Expected:" }, " the page loads normally."] },
        { p: [{ strong: "Actual:" }, " ", { em: summary.toLowerCase() }, ". Seen by ", someone(), " on production."] },
        { code, lang },
        { table: { head: ["Environment", "Version", "Reproducible"], rows: [[d.pick(BROWSERS), `v${d.int(3, 9)}.${d.int(0, 20)}.${d.int(0, 9)}`, d.pick(["always", "sometimes", "once"])], [d.pick(BROWSERS), "staging", d.pick(["yes", "no"])]] } },
        { p: ["See ", { link: "the Sentry issue", href: `https://sentry.example.com/issues/${d.int(100000, 999999)}/` }, " for the full trace."] },
      ];
    }
    case "Story":
      return [
        { p: [summary, "."] },
        { h: 3, text: "Acceptance criteria" },
        { bullets: [{ text: ["Works on web and mobile"] }, { text: ["Errors are shown inline, not as alerts"] }, { text: ["Tracked with the ", { code: `${d.pick(["checkout", "onboarding", "account"])}_${d.pick(["started", "completed", "failed"])}` }, " event"], sub: [["with the user's plan"], ["with the locale"]] }] },
        { p: ["Design: ", doc(d.int(10, 400)), ". Questions to ", someone(), "."] },
      ];
    case "Task": {
      const [lang, code] = d.pick(LANGS);
      const blocks: Block[] = [
        { p: ["Part of the platform hygiene work. Owner: ", someone(), "."] },
        { bullets: [{ text: ["Announce in ", { code: "#eng-announce" }] }, { text: ["Run it on staging first"] }, { text: ["Update ", { link: "the runbook", href: "https://wiki.example.com/display/OPS/Runbook" }] }] },
      ];
      if (d.chance(0.5)) blocks.push({ code, lang });
      return blocks;
    }
    case "Epic":
      return [
        { h: 2, text: "Goal" },
        { p: [summary, " — see ", doc(d.int(10, 400)), "."] },
        { table: { head: ["Milestone", "Owner", "Target"], rows: [["Design review", people[0]?.displayName ?? "", `2025-0${d.int(1, 9)}-1${d.int(0, 9)}`], ["Beta", people[1]?.displayName ?? "", `2025-1${d.int(0, 2)}-0${d.int(1, 9)}`], ["GA", "", "TBD"]] } },
        { rule: true },
        { p: [{ em: "Out of scope:" }, " anything that needs a schema migration."] },
      ];
    case "Sub-task":
      return [{ p: ["See the parent issue. ", someone(), " to review."] }];
  }
}
