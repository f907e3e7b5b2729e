/**
 * Comments, watchers and notify on both flavours, every response checked against that flavour's spec: Cloud
 * comments are ADF (mention nodes included), Data Center comments wiki strings; a comment moves `updated`;
 * notify records the resolved recipients and refuses unknown users and empty recipient lists.
 */
/* eslint-disable @typescript-eslint/no-unsafe-member-access -- response bodies are untyped JSON inspected by assertions */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adf, checkedOperations, cloudSim, dcSim, type Client } from "./test/harness";
import type { SimHandle } from "./server";

for (const mode of ["cloud", "datacenter"] as const) {
  describe(`comments, watchers and notify (${mode})`, () => {
    const API = mode === "cloud" ? "/rest/api/3" : "/rest/api/2";
    let h: SimHandle;
    let alice: Client;
    beforeAll(async () => {
      ({ h, alice } = await (mode === "cloud" ? cloudSim : dcSim)({ clockStart: "2025-06-10T08:30:00.000Z" }));
    });
    afterAll(() => h.stop());

    it("adds and lists comments, and a comment moves updated", async () => {
      const before = (await alice.get(`${API}/issue/OPS-1?fields=updated`)).body.fields.updated as string;
      const body =
        mode === "cloud"
          ? { type: "doc", version: 1, content: [{ type: "paragraph", content: [{ type: "mention", attrs: { id: "712020:bob", text: "@Bob" } }, { type: "text", text: " please review" }] }] }
          : "[~bob] please review";
      const added = await alice.post(`${API}/issue/OPS-1/comment`, { body });
      expect(added.status).toBe(201);
      expect(added.body.body).toEqual(body);
      const list = await alice.get(`${API}/issue/OPS-1/comment`);
      expect(list.body.total).toBe(1);
      expect(list.body.comments[0].id).toBe(added.body.id);
      const after = (await alice.get(`${API}/issue/OPS-1?fields=updated`)).body.fields.updated as string;
      expect(after > before).toBe(true);
      const wrong = mode === "cloud" ? "plain text" : adf("an ADF document");
      expect((await alice.post(`${API}/issue/OPS-1/comment`, { body: wrong })).status).toBe(400);
    });

    it("shows an issue's comments as the `comment` field of an issue and of a search, with their total", async () => {
      const one = await alice.get(`${API}/issue/OPS-1?fields=comment`);
      const page = one.body.fields.comment as { total: number; comments: unknown[] };
      expect(page.total).toBe(page.comments.length);
      expect(page.total).toBeGreaterThan(0);
      const search = mode === "cloud"
        ? await alice.post(`${API}/search/jql`, { jql: "key = OPS-1", fields: ["comment"] })
        : await alice.post(`${API}/search`, { jql: "key = OPS-1", fields: ["comment"] });
      expect(search.status).toBe(200);
      expect(search.body.issues[0].fields.comment.total).toBe(page.total);
      const fields = await alice.get(`${API}/field`);
      expect((fields.body as { id: string }[]).find((f) => f.id === "comment")).toMatchObject({ name: "Comment", schema: { type: "comments-page", system: "comment" } });
    });

    it("lists watchers and records notifications", async () => {
      const w = await alice.get(`${API}/issue/OPS-1/watchers`);
      expect(w.status).toBe(200);
      expect(w.body.watchCount).toBe(w.body.watchers.length);
      const sent = await alice.post(`${API}/issue/OPS-1/notify`, { subject: "Heads up", textBody: "Moved", to: { reporter: true, assignee: true, watchers: true } });
      expect(sent.status).toBe(204);
      const notes = h.sim.store.state.notifications ?? [];
      expect(notes.at(-1)).toMatchObject({ subject: "Heads up", textBody: "Moved" });
      expect(notes.at(-1)?.recipients.length).toBeGreaterThan(0);
      const unknown = mode === "cloud" ? { accountId: "nobody" } : { name: "nobody" };
      expect((await alice.post(`${API}/issue/OPS-1/notify`, { subject: "x", textBody: "y", to: { users: [unknown] } })).status).toBe(400);
      expect((await alice.post(`${API}/issue/OPS-1/notify`, { subject: "x", textBody: "y", to: { reporter: false } })).status).toBe(400);
    });

    it("checked every new operation's body against the spec (notify answers 204 without one)", () => {
      const p = mode === "cloud" ? "/rest/api/3" : "/api/2";
      for (const op of [`GET ${p}/issue/{issueIdOrKey}/comment 200`, `POST ${p}/issue/{issueIdOrKey}/comment 201`, `GET ${p}/issue/{issueIdOrKey}/watchers 200`]) {
        expect([...checkedOperations], op).toContain(op);
      }
    });
  });
}
/* eslint-enable @typescript-eslint/no-unsafe-member-access -- end of file */
