//! `decodeTape`: the JavaScript half of the tape, which rebuilds a value from it (the module above documents
//! the format): ops, numbers, and string contents back to back (lengths in UTF-16 units). Plain JavaScript, no
//! calls back into wasm, so the typed-array views over wasm memory stay valid throughout.
//!
//! The note's own shapes are known before the first op (`NOTE_SHAPES`: the entries of `LITERALS`, in the order
//! of the encoder's `note_shapes`, which a test checks); the first object of any other shape is keyed and built
//! key by key, and its key names are kept for the shape. Every later object of a shape, keyed or bare, is made
//! by a *maker* chosen at the shape's second object, once (a shape met once, as a note's front matter is, never
//! pays for one): for the note's shapes (tasks, tags, headings, …) an object literal that reads
//! its values from the tape in source order, which V8 builds at its final hidden class in one step; for any
//! other shape (front matter mappings) a copy of a template filled in key by key, which needs a keyed store per
//! property and costs about ten times more per object. A keyed object uses a literal only when its complete key
//! sequence is one of `LITERALS`' (`tests/wasm_boundary.rs` compares the result with serde_json's text).

use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
// The note's own object shapes, by key sequence (`Note`, `Span`, `Diagnostic`, `Heading`, `WikiLink`, `Tag`,
// `Task` with its flattened `TaskFields`, `JiraKeyRef`): literals evaluate their values left to right, which is
// the tape's order; `v` is `next` (stepping over the key op before each value) for keyed objects, `value` for
// bare ones. No key here is `__proto__`, which a literal would take as the prototype.
const LITERALS = [
  [["frontmatter", "frontmatterRange", "diagnostics", "title", "headings", "wikiLinks", "tags", "tasks", "jiraKeys"],
    (v) => ({ frontmatter: v(), frontmatterRange: v(), diagnostics: v(), title: v(), headings: v(), wikiLinks: v(), tags: v(), tasks: v(), jiraKeys: v() })],
  [["start", "end", "startLine", "endLine"], (v) => ({ start: v(), end: v(), startLine: v(), endLine: v() })],
  [["severity", "code", "message", "line", "column", "offset"],
    (v) => ({ severity: v(), code: v(), message: v(), line: v(), column: v(), offset: v() })],
  [["level", "text", "line", "column", "offset"], (v) => ({ level: v(), text: v(), line: v(), column: v(), offset: v() })],
  [["target", "heading", "blockRef", "alias", "embed", "line", "column", "offset", "raw"],
    (v) => ({ target: v(), heading: v(), blockRef: v(), alias: v(), embed: v(), line: v(), column: v(), offset: v(), raw: v() })],
  [["name", "source", "line", "column", "offset"], (v) => ({ name: v(), source: v(), line: v(), column: v(), offset: v() })],
  [["status", "checked", "text", "description", "line", "column", "offset", "indent", "depth", "parent", "due", "scheduled",
    "start", "done", "created", "cancelled", "priority", "recurrence", "id", "dependsOn", "tags", "blockId", "jiraKey"],
    (v) => ({ status: v(), checked: v(), text: v(), description: v(), line: v(), column: v(), offset: v(), indent: v(),
      depth: v(), parent: v(), due: v(), scheduled: v(), start: v(), done: v(), created: v(), cancelled: v(), priority: v(),
      recurrence: v(), id: v(), dependsOn: v(), tags: v(), blockId: v(), jiraKey: v() })],
  [["key", "project", "number", "line", "column", "offset"],
    (v) => ({ key: v(), project: v(), number: v(), line: v(), column: v(), offset: v() })],
];
// JSON text of the key list → literal (JSON keeps lists whose keys hold commas or quotes apart).
const BY_KEYS = new Map(LITERALS.map(([keys, make]) => [JSON.stringify(keys), make]));
// Shapes 1 to LITERALS.length are these, in this order, before the first op (the encoder's `NOTE_SHAPES`).
const NOTE_SHAPES = LITERALS.length;
// Shape number → its key names, as every call starts: none for 0, then the note shapes'.
const NOTE_NAMES = [undefined, ...LITERALS.map(([keys]) => keys)];

export function decodeTape(ops, nums, strs) {
  const keys = [];
  // Shape number → its key names: the note shapes', then from each other shape's first object (which is keyed).
  const names = NOTE_NAMES.slice();
  // Shape number → function making the next keyed object of that shape (after its op, through its end), and
  // the same for bare objects (the shape's values alone).
  const keyedMakers = [];
  const bareMakers = [];
  let o = 0, n = 0, s = 0;
  // The last string value, for the "same string again" op.
  let last = "";
  const key = (k) => {
    if ((k & 7) !== 4) return keys[(k >>> 3) - 2];
    const end = s + (k >>> 3);
    const name = strs.slice(s, end);
    s = end;
    keys.push(name);
    return name;
  };
  // A data property even for "__proto__", as JSON.parse makes it: a key never sets the prototype.
  const set = (obj, name, v) => {
    if (name === "__proto__") Object.defineProperty(obj, name, { value: v, enumerable: true, configurable: true, writable: true });
    else obj[name] = v;
  };
  const next = () => {
    o++;
    return value();
  };
  // Key ops and values until the object's end.
  const keyed = (obj) => {
    for (let k = ops[o++]; k !== 7; k = ops[o++]) set(obj, key(k), value());
    return obj;
  };
  const templateOf = (shapeNames) => {
    const template = {};
    for (const name of shapeNames) set(template, name, null);
    return template;
  };
  const keyedMaker = (shapeNames) => {
    const literal = BY_KEYS.get(JSON.stringify(shapeNames));
    if (literal !== undefined) {
      return () => {
        const obj = literal(next);
        o++;
        return obj;
      };
    }
    const template = templateOf(shapeNames);
    return () => keyed({ ...template });
  };
  const bareMaker = (shapeNames) => {
    const literal = BY_KEYS.get(JSON.stringify(shapeNames));
    if (literal !== undefined) return () => literal(value);
    const template = templateOf(shapeNames);
    return () => {
      const obj = { ...template };
      for (const name of shapeNames) set(obj, name, value());
      return obj;
    };
  };
  const value = () => {
    const op = ops[o++];
    switch (op & 7) {
      case 0: return op === 0 ? null : last;
      case 1: return false;
      case 2: return true;
      case 3: return nums[n++];
      case 4: { const end = s + (op >>> 3); last = strs.slice(s, end); s = end; return last; }
      case 5: {
        const len = op >>> 3;
        // A packed empty literal for the many empty lists (a task's tags, dependsOn), not a holey array.
        if (len === 1) return [];
        if (len > 0) {
          const items = new Array(len - 1);
          for (let i = 0; i < len - 1; i++) items[i] = value();
          return items;
        }
        const items = [];
        while (ops[o] !== 7) items.push(value());
        o++;
        return items;
      }
      case 6: {
        const shape = op >>> 5;
        const mode = (op >>> 3) & 3;
        if (mode === 1) {
          if (shape <= NOTE_SHAPES) return LITERALS[shape - 1][1](value);
          let make = bareMakers[shape];
          if (make === undefined) make = bareMakers[shape] = bareMaker(names[shape]);
          return make();
        }
        if (mode === 2) {
          // The shape's first keys, then ESCAPE (15), then keyed.
          const obj = {};
          const shapeNames = names[shape];
          for (let i = 0; ops[o] !== 15; i++) set(obj, shapeNames[i], value());
          o++;
          return keyed(obj);
        }
        // `null`: the shape's first keyed object has been read (its keys are in `keys`), the maker not chosen yet;
        // the second chooses it (most shapes met keyed, a front matter's, have one object).
        const make = keyedMakers[shape];
        if (make) return make();
        if (make === null) return (keyedMakers[shape] = keyedMaker(names[shape]))();
        const obj = {};
        const shapeNames = [];
        for (let k = ops[o++]; k !== 7; k = ops[o++]) {
          const name = key(k);
          shapeNames.push(name);
          set(obj, name, value());
        }
        if (shape > 0) {
          names[shape] = shapeNames;
          keyedMakers[shape] = null;
        }
        return obj;
      }
      default: throw new Error("corrupt tape");
    }
  };
  return value();
}
"#)]
extern "C" {
    /// Rebuilds the value `ops`, `nums` and `strs` encode (see the module documentation).
    #[wasm_bindgen(js_name = decodeTape)]
    pub fn decode_tape(ops: &[u32], nums: &[f64], strs: &str) -> JsValue;
}
