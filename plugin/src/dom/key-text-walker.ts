// Reading-view key replacement: walks the text nodes of rendered Markdown and swaps each Jira key of a
// known project for a badge element made by the caller (no known project: no badge). Skips code, preformatted text, links, existing badges, math and
// embeds. Never parses HTML: text is split with `splitText` and the key node replaced by the badge.
import { onlyKnown } from "../badges/known-projects";
import { findJiraKeys } from "../jira/keys";

/** Elements whose text is left alone. */
export const SKIP_SELECTOR = "code, pre, a, .jvs-badge, .frontmatter, .math, .internal-embed, svg, script, style, textarea";

const SHOW_TEXT = 4; // NodeFilter.SHOW_TEXT

/** Replaces every key of `projects` in the text under `root` with `makeBadge(key)`; returns how many. */
export function decorateKeyText(
  root: HTMLElement,
  projects: ReadonlySet<string>,
  makeBadge: (key: string) => HTMLElement,
): number {
  if (projects.size === 0) return 0;
  const walker = root.ownerDocument.createTreeWalker(root, SHOW_TEXT);
  const nodes: Text[] = [];
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (parent === null || parent.closest(SKIP_SELECTOR) !== null) continue;
    nodes.push(node as Text);
  }
  let count = 0;
  for (const node of nodes) {
    const matches = onlyKnown(findJiraKeys(node.data), projects);
    // Last to first, so the offsets of earlier matches stay valid in the original node.
    for (let i = matches.length - 1; i >= 0; i--) {
      const match = matches[i];
      if (match === undefined) continue;
      node.splitText(match.end);
      const keyNode = node.splitText(match.start);
      keyNode.replaceWith(makeBadge(match.key));
      count++;
    }
  }
  return count;
}
