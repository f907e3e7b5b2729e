/**
 * Issue link operations over HTTP for both flavours: the link types (`GET /issueLinkType`), creating a link
 * (`POST /issueLink`, 201 with no body), reading and deleting one (`/issueLink/{linkId}`). See `../links.ts`.
 */
import { createLink, deleteLink, LINK_TYPES, renderLink, renderLinkType, visibleLink } from "../links";
import type { Router } from "../router";
import type { Sim } from "../sim";

export function registerLinks(router: Router, sim: Sim, prefix: string): void {
  router.add("GET", `${prefix}/issueLinkType`, (r) => {
    const c = sim.ctx(r.user);
    return { status: 200, body: { issueLinkTypes: LINK_TYPES.map((t) => renderLinkType(c, t)) } };
  });
  router.add("POST", `${prefix}/issueLink`, (r) => {
    createLink(sim.ctx(r.user), r.body);
    return { status: 201 };
  });
  router.add("GET", `${prefix}/issueLink/{linkId}`, (r) => {
    const c = sim.ctx(r.user);
    return { status: 200, body: renderLink(c, visibleLink(c, r.params.linkId ?? "")) };
  });
  router.add("DELETE", `${prefix}/issueLink/{linkId}`, (r) => {
    deleteLink(sim.ctx(r.user), r.params.linkId ?? "");
    return { status: 204 };
  });
}
