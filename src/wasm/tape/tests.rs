//! The tape against a native mirror of the JavaScript decoder.

use super::*;
use note_body::tape::SAME_STRING;

/// The tape gives back what serde_json makes of a value, integers as floats aside (JavaScript has one
/// number type); `decode` mirrors the JavaScript decoder.
fn round_trip<T: Serialize>(value: &T) -> serde_json::Value {
    decode(&encode(value, 0).expect("encodes"))
}

fn as_floats(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Number(n) => n.as_f64().and_then(serde_json::Number::from_f64).map_or(Value::Null, Value::Number),
        Value::Array(a) => Value::Array(a.into_iter().map(as_floats).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, as_floats(v))).collect()),
        other => other,
    }
}

#[test]
fn a_parsed_note_survives_the_tape() {
    let text = "---\ntitle: T\ntags: [a, 2]\nn: {x: [1, -2.5, null, true]}\n\"é😀\": 'ü'\n---\n\
                # H 😀 [[a#b|c]]\n- [ ] OPS-1 📅 2024-01-01 ⏫ #t ^id\n  - [x] sub\n\n%%unclosed";
    let note = crate::note::parse_note(text, Some("x/y.md"));
    let expected = as_floats(serde_json::to_value(&note).expect("json"));
    assert_eq!(round_trip(&note), expected);
}

#[test]
fn keys_are_written_once_and_large_integers_are_refused() {
    let tape = encode(&serde_json::json!([{"a\u{0}": 1}, {"a\u{0}": 2}]), 0).expect("encodes");
    assert_eq!(tape.out.strs, "a\u{0}");
    assert_eq!(decode(&tape), serde_json::json!([{"a\u{0}": 1.0}, {"a\u{0}": 2.0}]));
    let note = crate::note::parse_note("- [ ] a\n- [ ] b\n", None);
    let tape = encode(&note, 0).expect("encodes");
    assert_eq!(tape.out.strs, " a b", "a note's own keys never cross as text");
    // Both tasks have the task's note shape and are bare; the tasks array knows its length.
    let objects: Vec<u32> = tape.out.ops.iter().copied().filter(|op| op & 7 == Op::Object as u32).collect();
    let (first, second) = (objects[objects.len() - 2], objects[objects.len() - 1]);
    assert_eq!(first, object_op(7, BARE));
    assert_eq!(second, first);
    // A struct type met for the first time: the first object keyed, the next bare, one shape.
    #[derive(Serialize)]
    struct Pair {
        a: u8,
        b: u8,
    }
    let tape = encode(&[Pair { a: 1, b: 2 }, Pair { a: 3, b: 4 }], 0).expect("encodes");
    assert_eq!(tape.out.strs, "ab");
    let objects: Vec<u32> = tape.out.ops.iter().copied().filter(|op| op & 7 == Op::Object as u32).collect();
    assert_eq!(objects, [object_op(9, KEYED), object_op(9, BARE)], "shapes after the 8 note shapes");
    assert!(tape.out.ops.contains(&((3 << 3) | Op::Array as u32)), "an array of 2 items: 1 + 2 above the op");
    assert!(encode(&u64::MAX, 0).is_err());
    assert!(encode(&(-(1i64 << 53)), 0).is_err());
    assert_eq!(round_trip(&((1u64 << 53) - 1)), serde_json::json!(9007199254740991.0));
}

/// Rebuilds a tape as a `serde_json::Value` the way `decodeTape` rebuilds it in JavaScript.
fn decode(tape: &Tape) -> serde_json::Value {
    use serde_json::Value;
    struct Reader<'t> {
        tape: &'t Tape,
        keys: Vec<String>,
        /// Shape number → its key names, from its first (keyed) object.
        names: BTreeMap<u32, Vec<String>>,
        last: String,
        op: usize,
        num: usize,
        /// Byte position in `strs` (the JavaScript decoder counts UTF-16 units instead).
        str_at: usize,
    }
    impl Reader<'_> {
        fn next_op(&mut self) -> u32 {
            self.op += 1;
            self.tape.out.ops[self.op - 1]
        }
        fn string(&mut self, op: u32) -> String {
            let units = (op >> 3) as usize;
            let rest = &self.tape.out.strs[self.str_at..];
            let mut seen = 0;
            let len = rest.chars().take_while(|c| (seen += c.len_utf16(), seen <= units).1).map(char::len_utf8).sum();
            self.str_at += len;
            rest[..len].to_owned()
        }
        /// Key ops and values until `End`, into `map`; returns the keys read.
        fn keyed(&mut self, map: &mut serde_json::Map<String, Value>) -> Vec<String> {
            let mut names = Vec::new();
            loop {
                let key_op = self.next_op();
                let key = match key_op & 7 {
                    4 => {
                        let key = self.string(key_op);
                        self.keys.push(key.clone());
                        key
                    }
                    _ if key_op == Op::End as u32 => break,
                    _ => self.keys[(key_op >> 3) as usize - 2].clone(),
                };
                let v = self.value();
                names.push(key.clone());
                map.insert(key, v);
            }
            names
        }
        fn value(&mut self) -> Value {
            let op = self.next_op();
            match op & 7 {
                0 if op == SAME_STRING => Value::String(self.last.clone()),
                0 => Value::Null,
                1 => Value::Bool(false),
                2 => Value::Bool(true),
                3 => {
                    self.num += 1;
                    let n = self.tape.out.nums[self.num - 1];
                    serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)
                }
                4 => {
                    self.last = self.string(op);
                    Value::String(self.last.clone())
                }
                5 if op >> 3 > 0 => Value::Array((1..op >> 3).map(|_| self.value()).collect()),
                5 => {
                    let mut items = Vec::new();
                    while self.tape.out.ops[self.op] != Op::End as u32 {
                        items.push(self.value());
                    }
                    self.op += 1;
                    Value::Array(items)
                }
                6 => {
                    let (shape, mode) = (op >> 5, (op >> 3) & 3);
                    let mut map = serde_json::Map::new();
                    let shape_names = self.names.get(&shape).cloned().unwrap_or_default();
                    match mode {
                        BARE => {
                            for name in shape_names {
                                let v = self.value();
                                map.insert(name, v);
                            }
                        }
                        PREFIX => {
                            for name in shape_names {
                                if self.tape.out.ops[self.op] == ESCAPE {
                                    break;
                                }
                                let v = self.value();
                                map.insert(name, v);
                            }
                            assert_eq!(self.next_op(), ESCAPE, "a prefix ends in an escape");
                            self.keyed(&mut map);
                        }
                        _ => {
                            let names = self.keyed(&mut map);
                            self.names.entry(shape).or_insert(names);
                        }
                    }
                    Value::Object(map)
                }
                _ => unreachable!("an end op where a value belongs"),
            }
        }
    }
    // The note shapes are known before the first op.
    let names = note_shapes::NOTE_SHAPES
        .iter()
        .zip(1..)
        .map(|((_, keys), shape)| (shape, keys.iter().map(|&k| k.to_owned()).collect::<Vec<_>>()));
    let mut reader =
        Reader { tape, keys: Vec::new(), names: names.collect(), last: String::new(), op: 0, num: 0, str_at: 0 };
    let value = reader.value();
    assert_eq!(reader.op, tape.out.ops.len(), "every op read");
    value
}

#[test]
fn keys_that_break_the_last_sequence_are_still_found() {
    // The predicted next key is only a first try: different keys after the same key, reordered keys, nested
    // objects between keys and keys repeated in other objects all decode to what serde_json makes.
    let value = serde_json::json!([
        {"a": 1, "b": 2, "c": {"a": {"b": 3}, "c": 4}},
        {"a": 1, "c": 3, "b": {"b": {"a": []}}},
        {"b": 1, "a": 2},
        {"c": null, "a": {"a": {"a": 1}}, "b": 0},
        {"a": 1, "b": 2, "c": 3},
    ]);
    assert_eq!(round_trip(&value), as_floats(value.clone()));
    let tape = encode(&value, 0).expect("encodes");
    assert_eq!(tape.out.strs, "abc", "each key written once");
}

#[test]
fn key_tables_past_the_search_in_order_are_indexed() {
    // Keys 0–39 in one object, then again reversed and interleaved with new ones: the table passes
    // `LINEAR_KEYS` mid-object and is indexed from there; every key is still written once.
    let first: serde_json::Map<String, serde_json::Value> = (0..40).map(|i| (format!("k{i}"), i.into())).collect();
    let second: serde_json::Map<String, serde_json::Value> =
        (0..40).rev().flat_map(|i| [(format!("k{i}"), i.into()), (format!("n{i}"), "x".into())]).collect();
    let value = serde_json::json!([first, second, {"k3": 1, "n39": 2, "k15": 3, "k16": 4}]);
    assert_eq!(round_trip(&value), as_floats(value.clone()));
    let tape = encode(&value, 0).expect("encodes");
    // The value "x" crosses once too (then as the same string again).
    let keys: String = (0..40)
        .map(|i| format!("k{i}"))
        .chain(["n39x".to_owned()])
        .chain((0..39).rev().map(|i| format!("n{i}")))
        .collect();
    assert_eq!(tape.out.strs, keys, "each key written once");
}

/// Structs whose fields change between objects of one type: skipped fields (first, middle, last, all), a
/// field of another name, and two types of one name. Each decodes to what serde_json makes.
#[test]
fn structs_whose_fields_vary_fall_back_to_keys() {
    #[derive(Serialize)]
    struct Item {
        #[serde(skip_serializing_if = "Option::is_none")]
        a: Option<u32>,
        b: &'static str,
        #[serde(skip_serializing_if = "Option::is_none")]
        c: Option<Vec<Item>>,
    }
    mod other {
        /// Another type named `Item`, with other fields.
        #[derive(serde::Serialize)]
        pub struct Item {
            pub b: &'static str,
            pub z: bool,
        }
    }
    #[derive(Serialize)]
    struct Empty {}
    let item = |a, b, c| Item { a, b, c };
    let value = (
        vec![
            item(Some(1), "x", Some(vec![item(None, "y", None), item(Some(2), "y", Some(vec![]))])),
            item(Some(3), "x", Some(vec![])),
            item(None, "z", Some(vec![])),
            item(Some(4), "x", None),
            item(None, "x", None),
        ],
        vec![other::Item { b: "x", z: true }, other::Item { b: "x", z: false }],
        [Empty {}, Empty {}],
    );
    let expected = as_floats(serde_json::to_value(&value).expect("json"));
    assert_eq!(round_trip(&value), expected);
    let tape = encode(&value, 0).expect("encodes");
    let modes: Vec<u32> =
        tape.out.ops.iter().filter(|&&op| op & 7 == Op::Object as u32).map(|op| (op >> 3) & 3).collect();
    assert!(modes.contains(&BARE) && modes.contains(&PREFIX) && modes.contains(&KEYED));
}

/// A string value equal to the one before is written once; keys and other values in between do not count.
#[test]
fn a_repeated_string_is_written_once() {
    let value = serde_json::json!([{"t": "same", "d": "same"}, "same", "", "", {"same": "other"}, "same", 1]);
    let tape = encode(&value, 0).expect("encodes");
    assert_eq!(tape.out.strs, "tsamedsameothersame");
    assert_eq!(tape.out.ops.iter().filter(|&&op| op == SAME_STRING).count(), 3);
    assert_eq!(round_trip(&value), as_floats(value.clone()));
}

/// `encode_note` of the note `read_note` reads (texts borrowed) writes exactly the tape serde's path writes for
/// the note `parse_note` reads (texts owned): ops, numbers and strings.
fn writes_what_serde_writes(text: &str) {
    let note = crate::note::parse_note(text, Some("a/b.md"));
    let by_serde = encode(&note, text.len()).expect("encodes");
    let read = crate::note::read_note(text, || Some(crate::note::file_stem("a/b.md")));
    let direct = encode_note(read, text.len()).expect("encodes");
    assert_eq!(direct.out.ops, by_serde.out.ops, "ops of {text:?}");
    assert_eq!(direct.out.nums, by_serde.out.nums, "numbers of {text:?}");
    assert_eq!(direct.out.strs, by_serde.out.strs, "strings of {text:?}");
}

/// Lines with every kind of item a note holds, and front matters with and without problems.
const NOTE_LINES: &[&str] = &[
    "# H 😀 [[a#b|c]] #t OPS-1",
    "- [ ] OPS-1 📅 2024-01-01 ⏫ #t ^id",
    "  - [x] sub [[OPS-2 Y]] ✅ 2024-02-02 🔁 every day",
    "- [/] three 📅 2024-02-30 ⛔ x, y 🆔 q",
    "- [ ] 🔺 🔽 ⏬ 🔼 ➕ 2024-01-01 ⏳ 2024-01-02 🛫 2024-01-03 ❌ 2024-01-04 #a #b",
    "- [ ] same",
    "- [ ] same",
    "Setext",
    "===",
    "text OPS-12 and ![[e.png|100]] and [[x#^blk]] %%c OPS-3%%",
    "> quote #q [[q]]",
    "```",
    "code #no OPS-4",
    "| a | [[l\\|m]] |",
    "| - | - |",
    "[link](http://x/#y) `OPS-5` $m$ <b>#h</b>",
    "",
    "%%unclosed",
    "- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - x",
];

const FRONT_MATTERS: &[&str] = &[
    "",
    "---\ntitle: T\ntags: [a, \"é😀\"]\n---\n",
    "---\nnested: {list: [1, {x: null}], yes: true}\n\"k😀\": v\nn: -2.5\n---\n",
    "---\nbad: [\n---\n",
    "---\na: 1\na: 2\n---\n",
    "---\nunclosed: x\n",
    "---\nbig: 9007199254740991\nneg: -9007199254740991\nf: 1.5e300\nlist:\n  - a\n  - 2\n---\n",
    "---\nk: {a: 1, b: [x, {c: null}]}\nk2: {a: 2, b: []}\nk3: {b: 1, a: 2}\n---\n",
];

#[test]
fn the_note_writer_writes_what_serde_writes() {
    for fm in FRONT_MATTERS {
        writes_what_serde_writes(&format!("{fm}{}\n", NOTE_LINES.join("\n")));
    }
    for line in NOTE_LINES {
        writes_what_serde_writes(line);
    }
}

#[cfg(not(target_arch = "wasm32"))]
proptest::proptest! {
    #[test]
    fn the_note_writer_agrees_on_generated_notes(
        fm in 0..FRONT_MATTERS.len(),
        lines in proptest::collection::vec(
            proptest::prop_oneof![
                3 => proptest::strategy::Strategy::prop_map(proptest::sample::select(NOTE_LINES), str::to_owned),
                1 => "[ -~é😀📅⏫\\[\\]#%]{0,24}",
            ],
            0..12,
        ),
    ) {
        writes_what_serde_writes(&format!("{}{}", FRONT_MATTERS[fm], lines.join("\n")));
    }
}

#[test]
fn the_note_writer_refuses_what_serde_refuses() {
    for text in ["---\nn: 9007199254740993\n---\n", "---\nn: [-9007199254740993]\n---\n"] {
        let note = crate::note::parse_note(text, None);
        let by_serde = encode(&note, 0).map(drop).map_err(|e| e.to_string());
        let read = crate::note::read_note(text, || None);
        assert_eq!(encode_note(read, 0).map(drop).map_err(|e| e.to_string()), by_serde);
        assert!(by_serde.is_err());
    }
}

/// A tape kept from an earlier note (`keep`, then `take` in `encode_note`) writes what a fresh one writes: `reset`
/// empties every part, the key index of a table past `LINEAR_KEYS` included.
#[test]
fn a_kept_tape_writes_what_a_fresh_one_writes() {
    let keys: Vec<String> = (0..70).map(|i| format!("k{i}: v{i}")).collect();
    let big = format!("---\n{}\n---\n# H [[a|b]] OPS-1\n- [ ] t 📅 2024-01-01\n", keys.join("\n"));
    let small = "---\nk1: w\n---\n- [ ] t #x [[a]]\n";
    for (first, second) in [(big.as_str(), small), (small, big.as_str()), (big.as_str(), big.as_str())] {
        keep(encode_note(crate::note::read_note(first, || None), first.len()).expect("encodes"));
        let reused = encode_note(crate::note::read_note(second, || None), second.len()).expect("encodes");
        let fresh = encode(&crate::note::parse_note(second, None), second.len()).expect("encodes");
        assert_eq!(reused.out.ops, fresh.out.ops);
        assert_eq!(reused.out.nums, fresh.out.nums);
        assert_eq!(reused.out.strs, fresh.out.strs);
    }
}
