//! `wasm-embed --order IN OUT`: the module with its functions' bodies in the order of their names, and without
//! its name section (which `scripts/build.mjs` asks wasm-bindgen to keep for this step only).
//!
//! The order of a module's functions changes nothing in what it does (every function index, in calls, `ref.func`,
//! tables, exports and the start function, is renumbered with them), but it changes how well XZ packs the code:
//! the copies of one generic function (`BTreeMap<K, V>::insert` for each `K, V`, serde's readers per type, …) are
//! scattered over the code section as the linker meets them, and become neighbours once sorted by name. An LZMA
//! match then reaches back a few hundred bytes instead of a megabyte, which costs fewer bits. The key
//! ([`sort_key`]) is the name without its hash and without generic arguments, a trait method's trait and method
//! before the type it is for; equal keys (the copies of one function) are ordered by their bytes, so that the
//! most alike sit side by side. For the 2.6 MB core: XZ 622,940 → 600,228 bytes (the plain name order gives
//! 606,588; this key with the copies ordered by size instead of bytes, 601,668). Every other section is re-encoded
//! as it was (the instructions of a module written by wasm-bindgen come back byte for byte: the identity order
//! reproduces its output, checked on the core too).

use std::borrow::Cow;

use wasm_encoder::reencode::{Error, Reencode, utils};
use wasm_encoder::{CodeSection, CustomSection, Function, FunctionSection, Module};
use wasmparser::{KnownCustom, Name, Parser, Payload};

/// Renumbers function indices to the sorted order (imported functions keep theirs).
struct Sorted {
    /// The number of imported functions: the module's own functions are numbered after them.
    imported: u32,
    /// For each of the module's own functions (in the input's order), its place in the output.
    place: Vec<u32>,
    /// The input's order of the output's functions: `order[place[i]] == i`.
    order: Vec<u32>,
}

impl Reencode for Sorted {
    type Error = std::convert::Infallible;

    fn function_index(&mut self, func: u32) -> Result<u32, Error<Self::Error>> {
        Ok(match func.checked_sub(self.imported) {
            Some(own) => self.imported + self.place.get(own as usize).copied().unwrap_or(own),
            None => func,
        })
    }

    fn parse_function_section(
        &mut self,
        functions: &mut FunctionSection,
        section: wasmparser::FunctionSectionReader<'_>,
    ) -> Result<(), Error<Self::Error>> {
        let types = section.into_iter().collect::<Result<Vec<u32>, _>>()?;
        for i in 0..self.order.len() {
            let own = self.order[i] as usize;
            functions.function(self.type_index(types[own])?);
        }
        Ok(())
    }

    fn parse_code_section(
        &mut self,
        code: &mut CodeSection,
        section: wasmparser::CodeSectionReader<'_>,
    ) -> Result<(), Error<Self::Error>> {
        let mut bodies: Vec<Option<Function>> = Vec::new();
        for body in section {
            let body = body?;
            let mut function = self.new_function_with_parsed_locals(&body)?;
            let mut reader = body.get_operators_reader()?;
            while !reader.eof() {
                function.instruction(&self.parse_instruction(&mut reader)?);
            }
            bodies.push(Some(function));
        }
        for &own in &self.order {
            if let Some(function) = bodies.get_mut(own as usize).and_then(Option::take) {
                code.function(&function);
            }
        }
        Ok(())
    }

    fn parse_custom_section(
        &mut self,
        module: &mut Module,
        section: wasmparser::CustomSectionReader<'_>,
    ) -> Result<(), Error<Self::Error>> {
        if matches!(section.as_known(), KnownCustom::Name(_)) {
            return Ok(());
        }
        module.section(&CustomSection { name: Cow::Borrowed(section.name()), data: Cow::Borrowed(section.data()) });
        Ok(())
    }
}

/// The order key of a function's name (see the module's overview): `<T as Trait>::method::h…` sorts as
/// `Trait::method T`, then the hash rustc appends (`::h` and 16 hex digits) and every generic argument list
/// (`<…>`, nested ones with it) are left out.
fn sort_key(name: &str) -> String {
    let name = match name.rsplit_once("::h") {
        Some((head, hash)) if hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()) => head,
        _ => name,
    };
    let trait_first = name.strip_prefix('<').and_then(|rest| {
        let (qualified, method) = rest.rsplit_once(">::")?;
        let (ty, tr) = qualified.rsplit_once(" as ")?;
        Some(format!("{tr}::{method} {ty}"))
    });
    let mut depth = 0usize;
    let mut key = String::with_capacity(name.len());
    for c in trait_first.as_deref().unwrap_or(name).chars() {
        match c {
            '<' => depth += 1,
            '>' if depth > 0 => depth -= 1,
            _ if depth == 0 => key.push(c),
            _ => {}
        }
    }
    key
}

/// One of the module's own functions: its name and its body's bytes.
type NamedBody<'a> = (String, &'a [u8]);

/// The number of imported functions, and for each of the module's own functions its name (`""` where the name
/// section has none) and its body's bytes.
fn functions(wasm: &[u8]) -> Result<(u32, Vec<NamedBody<'_>>), wasmparser::BinaryReaderError> {
    let mut imported = 0;
    let mut named: Vec<(u32, String)> = Vec::new();
    let mut bodies = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        match payload? {
            Payload::ImportSection(section) => {
                for import in section.into_imports() {
                    if matches!(import?.ty, wasmparser::TypeRef::Func(_) | wasmparser::TypeRef::FuncExact(_)) {
                        imported += 1;
                    }
                }
            }
            Payload::CodeSectionEntry(body) => bodies.push(body.as_bytes()),
            Payload::CustomSection(section) => {
                if let KnownCustom::Name(reader) = section.as_known() {
                    for name in reader {
                        if let Name::Function(map) = name? {
                            for naming in map {
                                let naming = naming?;
                                named.push((naming.index, naming.name.to_owned()));
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    let mut out: Vec<(String, &[u8])> = bodies.into_iter().map(|body| (String::new(), body)).collect();
    for (index, name) in named {
        if let Some(slot) = index.checked_sub(imported).and_then(|i| out.get_mut(i as usize)) {
            slot.0 = name;
        }
    }
    Ok((imported, out))
}

/// `wasm` with its own functions in `order` (input indices of the module's own functions) and no name section.
fn reorder(wasm: &[u8], imported: u32, order: Vec<u32>) -> Result<Vec<u8>, String> {
    let mut place = vec![0; order.len()];
    for (to, &from) in order.iter().enumerate() {
        place[from as usize] = u32::try_from(to).map_err(|e| e.to_string())?;
    }
    let mut module = Module::new();
    utils::parse_core_module(&mut Sorted { imported, place, order }, &mut module, Parser::new(0), wasm)
        .map_err(|e| format!("{e:?}"))?;
    Ok(module.finish())
}

/// `wasm` with its own functions sorted by name (see the module's overview) and no name section.
pub fn sort_by_name(wasm: &[u8]) -> Result<Vec<u8>, String> {
    let (imported, functions) = functions(wasm).map_err(|e| e.to_string())?;
    let mut keyed: Vec<(String, &[u8], u32)> = Vec::with_capacity(functions.len());
    for (index, (name, body)) in functions.into_iter().enumerate() {
        keyed.push((sort_key(&name), body, u32::try_from(index).map_err(|e| e.to_string())?));
    }
    keyed.sort_unstable();
    reorder(wasm, imported, keyed.into_iter().map(|(_, _, index)| index).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    // A module (written by hand, as wat would) with one imported function and three of its own, which call each
    // other, one through a table, one exported, and a name section.
    fn module() -> Vec<u8> {
        use wasm_encoder::{
            ConstExpr, ElementSection, Elements, EntityType, ExportKind, ExportSection, Function, ImportSection,
            IndirectNameMap, Instruction as I, NameMap, NameSection, RefType, TableSection, TableType, TypeSection,
            ValType,
        };
        let mut m = Module::new();
        let mut types = TypeSection::new();
        types.ty().function([ValType::I32], [ValType::I32]);
        m.section(&types);
        let mut imports = ImportSection::new();
        imports.import("env", "f", EntityType::Function(0));
        m.section(&imports);
        let mut funcs = FunctionSection::new();
        for _ in 0..3 {
            funcs.function(0);
        }
        m.section(&funcs);
        let mut tables = TableSection::new();
        tables.table(TableType {
            element_type: RefType::FUNCREF,
            minimum: 3,
            maximum: None,
            table64: false,
            shared: false,
        });
        m.section(&tables);
        let mut exports = ExportSection::new();
        exports.export("run", ExportKind::Func, 1);
        m.section(&exports);
        let mut elements = ElementSection::new();
        elements.active(Some(0), &ConstExpr::i32_const(0), Elements::Functions(Cow::Borrowed(&[3, 2, 1])));
        m.section(&elements);
        let mut code = CodeSection::new();
        // 1 "z::b::h0123456789abcdef": calls 2 and 0 (the import).
        let mut f = Function::new([]);
        f.instructions().local_get(0).call(2).call(0).end();
        code.function(&f);
        // 2 "a": calls 3 through the table (slot 0).
        let mut f = Function::new([(1, ValType::I64)]);
        f.instructions().local_get(0).i32_const(0).call_indirect(0, 0).end();
        code.function(&f);
        // 3 "m": takes a reference to 1.
        let mut f = Function::new([]);
        f.instruction(&I::RefFunc(1)).instruction(&I::Drop).instructions().local_get(0).end();
        code.function(&f);
        m.section(&code);
        let mut names = NameMap::new();
        names.append(0, "env::f");
        names.append(1, "z::b::h0123456789abcdef");
        names.append(2, "a");
        names.append(3, "m");
        let mut section = NameSection::new();
        section.functions(&names);
        section.locals(&IndirectNameMap::new());
        m.section(&section);
        m.section(&CustomSection { name: Cow::Borrowed("kept"), data: Cow::Borrowed(b"as it was") });
        m.finish()
    }

    fn without_names(wasm: &[u8]) -> Vec<u8> {
        let mut m = Module::new();
        for payload in Parser::new(0).parse_all(wasm) {
            let payload = payload.expect("the test module parses");
            if let Some((id, range)) = payload.as_section()
                && !matches!(&payload, Payload::CustomSection(c) if c.name() == "name")
            {
                m.section(&wasm_encoder::RawSection { id, data: &wasm[range] });
            }
        }
        m.finish()
    }

    #[test]
    fn identity_order_gives_the_same_bytes() {
        let wasm = module();
        assert_eq!(reorder(&wasm, 1, vec![0, 1, 2]).expect("reorders"), without_names(&wasm));
    }

    #[test]
    fn functions_sort_by_name_and_every_index_follows() {
        let sorted = sort_by_name(&module()).expect("sorts");
        wasmparser::Validator::new().validate_all(&sorted).expect("still valid");
        // Sorted: "a" (was 2) → 1, "m" (was 3) → 2, "z::b" (was 1) → 3.
        let mut expected = module();
        expected = reorder(&expected, 1, vec![1, 2, 0]).expect("reorders");
        assert_eq!(sorted, expected);
        let text: Vec<String> = Parser::new(0)
            .parse_all(&sorted)
            .filter_map(|p| match p.expect("parses") {
                Payload::CodeSectionEntry(body) => Some(
                    body.get_operators_reader()
                        .expect("reads")
                        .into_iter()
                        .map(|op| format!("{:?}", op.expect("an operator")))
                        .collect::<Vec<_>>()
                        .join(" "),
                ),
                Payload::ExportSection(s) => {
                    Some(format!("{:?}", s.into_iter().map(|e| e.expect("export").index).collect::<Vec<_>>()))
                }
                Payload::ElementSection(s) => Some(
                    s.into_iter()
                        .map(|e| match e.expect("element").items {
                            wasmparser::ElementItems::Functions(f) => {
                                format!("{:?}", f.into_iter().collect::<Result<Vec<_>, _>>().expect("indices"))
                            }
                            wasmparser::ElementItems::Expressions(..) => String::new(),
                        })
                        .collect(),
                ),
                Payload::CustomSection(c) => Some(c.name().to_owned()),
                _ => None,
            })
            .collect();
        assert_eq!(
            text,
            [
                "[3]",       // the export "run" was 1, now 3
                "[2, 1, 3]", // the table's slots held 3, 2 and 1
                "LocalGet { local_index: 0 } I32Const { value: 0 } CallIndirect { type_index: 0, table_index: 0 } End",
                "RefFunc { function_index: 3 } Drop LocalGet { local_index: 0 } End",
                "LocalGet { local_index: 0 } Call { function_index: 1 } Call { function_index: 0 } End",
                "kept", // the name section is gone, other custom sections stay
            ]
        );
    }

    #[test]
    fn the_key_leaves_out_the_hash_and_generic_arguments_and_puts_the_trait_first() {
        assert_eq!(sort_key("alloc::vec::Vec<T>::push::h0123456789abcdef"), "alloc::vec::Vec::push");
        assert_eq!(sort_key("a::hello"), "a::hello");
        assert_eq!(sort_key("core::fmt::write"), "core::fmt::write");
        assert_eq!(
            sort_key("core::ptr::drop_in_place<alloc::vec::Vec<u8>>::h0123456789abcdef"),
            "core::ptr::drop_in_place"
        );
        assert_eq!(
            sort_key("<a::B as serde_core::de::Deserialize>::deserialize::h0123456789abcdef"),
            "serde_core::de::Deserialize::deserialize a::B"
        );
        assert_eq!(
            sort_key("<<a::B as serde::Deserialize>::deserialize::V as serde::de::Visitor>::visit_map::{{closure}}"),
            "serde::de::Visitor::visit_map::{{closure}} ::deserialize::V"
        );
    }
}
