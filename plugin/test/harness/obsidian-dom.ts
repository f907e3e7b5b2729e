// Obsidian's DOM helpers for tests: the app adds `createEl`, `createDiv`, `createSpan`, `empty`,
// `setText`, `appendText`, `setAttr`, `addClass`, `toggleClass`, `hide`/`show`/`toggle` to DOM prototypes and
// `createEl`/`createDiv`/`createSpan`/`activeWindow`/`activeDocument` as globals. This installs
// equivalents (built with createElement and textContent only) into the current DOM environment.

interface ElInfo {
  cls?: string | string[];
  text?: string | DocumentFragment;
  attr?: Record<string, string | number | boolean | null>;
  title?: string;
  parent?: Node;
  value?: string;
  type?: string;
  prepend?: boolean;
  placeholder?: string;
  href?: string;
}

function classes(cls: string | string[]): string[] {
  return (Array.isArray(cls) ? cls : [cls]).flatMap((c) => c.split(/\s+/)).filter((c) => c !== "");
}

function makeEl(doc: Document, tag: string, o?: ElInfo | string, callback?: (el: HTMLElement) => void): HTMLElement {
  const el = doc.createElement(tag);
  const info: ElInfo = typeof o === "string" ? { cls: o } : (o ?? {});
  if (info.cls !== undefined) el.classList.add(...classes(info.cls));
  if (info.text !== undefined) {
    if (typeof info.text === "string") el.textContent = info.text;
    else el.appendChild(info.text);
  }
  for (const [name, value] of Object.entries(info.attr ?? {})) {
    if (value === null || value === false) continue;
    el.setAttribute(name, value === true ? "" : String(value));
  }
  if (info.title !== undefined) el.setAttribute("title", info.title);
  if (info.placeholder !== undefined) el.setAttribute("placeholder", info.placeholder);
  if (info.type !== undefined) el.setAttribute("type", info.type);
  if (info.href !== undefined) el.setAttribute("href", info.href);
  if (info.value !== undefined) (el as HTMLInputElement).value = info.value;
  if (info.parent) {
    if (info.prepend) info.parent.insertBefore(el, info.parent.firstChild);
    else info.parent.appendChild(el);
  }
  callback?.(el);
  return el;
}

let installed = false;

/** Installs the helpers once per DOM environment. */
export function installObsidianDom(win: Window = window): void {
  if (installed) return;
  installed = true;
  const doc = win.document;
  const ctors = win as unknown as { Node: typeof Node; HTMLElement: typeof HTMLElement };
  const nodeProto = ctors.Node.prototype as unknown as Record<string, unknown>;
  const elProto = ctors.HTMLElement.prototype as unknown as Record<string, unknown>;
  const define = (proto: Record<string, unknown>, name: string, fn: unknown) =>
    Object.defineProperty(proto, name, { value: fn, configurable: true, writable: true });

  define(nodeProto, "createEl", function (this: Node, tag: string, o?: ElInfo | string, cb?: (el: HTMLElement) => void) {
    const info: ElInfo = typeof o === "string" ? { cls: o } : { ...(o ?? {}) };
    info.parent = this;
    return makeEl(this.ownerDocument ?? doc, tag, info, cb);
  });
  define(nodeProto, "createDiv", function (this: Node & { createEl: typeof makeEl }, o?: ElInfo | string, cb?: (el: HTMLElement) => void) {
    return (this.createEl as unknown as (t: string, o?: ElInfo | string, cb?: (el: HTMLElement) => void) => HTMLElement)("div", o, cb);
  });
  define(nodeProto, "createSpan", function (this: Node & { createEl: typeof makeEl }, o?: ElInfo | string, cb?: (el: HTMLElement) => void) {
    return (this.createEl as unknown as (t: string, o?: ElInfo | string, cb?: (el: HTMLElement) => void) => HTMLElement)("span", o, cb);
  });
  define(nodeProto, "empty", function (this: Node) {
    while (this.firstChild) this.removeChild(this.firstChild);
  });
  define(nodeProto, "setText", function (this: Node, text: string) {
    this.textContent = text;
  });
  define(nodeProto, "appendText", function (this: Node, text: string) {
    this.appendChild((this.ownerDocument ?? doc).createTextNode(text));
  });
  define(elProto, "setAttr", function (this: HTMLElement, name: string, value: string | number | boolean | null) {
    if (value === null) this.removeAttribute(name);
    else this.setAttribute(name, String(value));
  });
  define(elProto, "addClass", function (this: HTMLElement, ...cls: string[]) {
    this.classList.add(...cls);
  });
  define(elProto, "removeClass", function (this: HTMLElement, ...cls: string[]) {
    this.classList.remove(...cls);
  });
  define(elProto, "hasClass", function (this: HTMLElement, cls: string) {
    return this.classList.contains(cls);
  });
  define(elProto, "toggleClass", function (this: HTMLElement, cls: string | string[], on: boolean) {
    for (const c of classes(cls)) this.classList.toggle(c, on);
  });
  define(elProto, "hide", function (this: HTMLElement) {
    this.setAttribute("data-test-hidden", "");
  });
  define(elProto, "show", function (this: HTMLElement) {
    this.removeAttribute("data-test-hidden");
  });
  define(elProto, "toggle", function (this: HTMLElement, show: boolean) {
    if (show) this.removeAttribute("data-test-hidden");
    else this.setAttribute("data-test-hidden", "");
  });
  define(elProto, "isShown", function (this: HTMLElement) {
    return !this.hasAttribute("data-test-hidden");
  });

  const g = win as unknown as Record<string, unknown>;
  g.createEl = (tag: string, o?: ElInfo | string, cb?: (el: HTMLElement) => void) => makeEl(doc, tag, o, cb);
  g.createDiv = (o?: ElInfo | string, cb?: (el: HTMLElement) => void) => makeEl(doc, "div", o, cb);
  g.createSpan = (o?: ElInfo | string, cb?: (el: HTMLElement) => void) => makeEl(doc, "span", o, cb);
  g.activeWindow = win;
  g.activeDocument = doc;
}
