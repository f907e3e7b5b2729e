//! A corpus of realistic note bodies, generated (deterministically) for the formatting laws: the way people
//! actually type Markdown in Obsidian, not the canonical form the converter writes. Tables with padding and
//! alignment, tab-indented and `*`/`+` lists, `1)` lists, escapes as typed, nested lists, quotes and
//! callouts, code blocks, headings with closing `#`s, HTML-ish text, wiki links, tags, footnotes, hard-wrapped
//! prose, CRLF files, files with and without a final newline.

/// A small deterministic generator (xorshift64*), so the corpus is the same on every run.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const WORDS: &[&str] = &[
    "the",
    "deploy",
    "pipeline",
    "needs",
    "a",
    "second",
    "look",
    "before",
    "Friday",
    "we",
    "agreed",
    "to",
    "keep",
    "staging",
    "green",
    "customer",
    "reported",
    "latency",
    "on",
    "checkout",
    "rollback",
    "plan",
    "owner",
    "is",
    "Maria",
    "metrics",
    "dashboard",
    "migration",
    "script",
    "database",
    "index",
    "cache",
    "review",
    "budget",
    "quarter",
    "retro",
    "action",
    "items",
    "follow-up",
    "sprint",
    "scope",
    "design",
    "doc",
    "API",
    "v2",
];

const SPICE: &[&str] = &[
    "Wow!",
    "Great news!",
    "(see [[Project Alpha]])",
    "#meeting",
    "#todo/urgent",
    "**important**",
    "*really*",
    "_maybe_",
    "`kubectl get pods`",
    "snake_case_name",
    "C:\\Users\\me",
    "3 * 4 = 12",
    "50% done",
    "$5 or $10",
    "me@example.com",
    "https://example.com/path?q=1",
    "[the doc](https://example.com/doc)",
    "x < y > z",
    "<kbd>Ctrl</kbd>+<kbd>C</kbd>",
    "\\*not emphasis\\*",
    "\\#not-a-tag",
    "don't",
    "\"quoted\"",
    "ETA: 2pm",
    "[[Weekly Review|review]]",
    "==highlight==",
    "~~dropped~~",
    "1/2",
    "a -> b",
    "e.g. this",
    "Q&A",
    "#1 priority",
    "foo_bar",
    "[ ] not a task",
    ":)",
    "...",
    "x^2",
    "**bold *and* italic**",
    "![[diagram.png]]",
    "100+",
];

fn sentence(r: &mut Rng) -> String {
    let n = 4 + r.below(10);
    let mut words: Vec<String> = (0..n).map(|_| r.pick(WORDS).to_owned()).collect();
    if r.chance(60) {
        let at = r.below(words.len());
        words.insert(at, r.pick(SPICE).to_owned());
    }
    let mut s = words.join(" ");
    if let Some(first) = s.get(..1) {
        s = format!("{}{}", first.to_uppercase(), &s[1..]);
    }
    s.push_str(r.pick(&[".", ".", ".", "!", "?", ":", ""]));
    s
}

fn paragraph(r: &mut Rng) -> String {
    let n = 1 + r.below(5);
    let sentences: Vec<String> = (0..n).map(|_| sentence(r)).collect();
    match r.below(4) {
        // Hard-wrapped prose, sometimes with a hard break typed as two spaces.
        0 => sentences.join(if r.chance(30) { "  \n" } else { "\n" }),
        _ => sentences.join(" "),
    }
}

fn indent_unit(r: &mut Rng) -> &'static str {
    r.pick(&["\t", "    ", "  "])
}

fn list(r: &mut Rng) -> String {
    let ordered = r.chance(30);
    let task = !ordered && r.chance(30);
    let bullet = r.pick(&["-", "*", "+"]);
    let delim = r.pick(&[".", ")"]);
    let unit = indent_unit(r);
    let loose = r.chance(15);
    let items = 1 + r.below(5);
    let mut lines = Vec::new();
    for i in 0..items {
        let marker = if ordered { format!("{}{delim}", i + 1) } else { bullet.to_owned() };
        let check = if task { r.pick(&["[ ] ", "[x] ", "[X] "]) } else { "" };
        let sep = if r.chance(10) { "\t" } else { " " };
        lines.push(format!("{marker}{sep}{check}{}", sentence(r)));
        if r.chance(25) {
            // A nested list, indented the way the user's editor does it.
            let inner = if ordered { "-".to_owned() } else { bullet.to_owned() };
            let pad = if unit == "  " && ordered { "   " } else { unit };
            for _ in 0..1 + r.below(3) {
                let check = if task { "[ ] " } else { "" };
                lines.push(format!("{pad}{inner} {check}{}", sentence(r)));
            }
        }
        if loose && i + 1 < items {
            lines.push(String::new());
        }
    }
    lines.join("\n")
}

fn table(r: &mut Rng) -> String {
    let cols = 2 + r.below(3);
    let rows = 1 + r.below(4);
    let cell = |r: &mut Rng| -> String {
        let n = 1 + r.below(3);
        (0..n).map(|_| r.pick(WORDS)).collect::<Vec<_>>().join(" ")
    };
    let mut grid: Vec<Vec<String>> = (0..=rows).map(|_| (0..cols).map(|_| cell(r)).collect()).collect();
    if r.chance(20) {
        grid[1][0] = "[[Linked note]]".into();
    }
    let aligns: Vec<&str> = (0..cols).map(|_| r.pick(&["---", ":---", "---:", ":---:", "-"])).collect();
    let padded = r.chance(60);
    let widths: Vec<usize> = (0..cols).map(|c| grid.iter().map(|row| row[c].len()).max().unwrap_or(3).max(3)).collect();
    let outer = r.chance(85);
    let row_text = |cells: Vec<String>| {
        let inner = cells.join(" | ");
        if outer { format!("| {inner} |") } else { inner }
    };
    let mut lines = Vec::new();
    for (i, row) in grid.iter().enumerate() {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, t)| if padded { format!("{t:<w$}", w = widths[c]) } else { t.clone() })
            .collect();
        lines.push(row_text(cells));
        if i == 0 {
            let rule: Vec<String> = aligns
                .iter()
                .enumerate()
                .map(|(c, a)| {
                    if !padded {
                        return (*a).to_owned();
                    }
                    let dashes = "-".repeat(widths[c].saturating_sub(
                        usize::from(a.starts_with(':')) + usize::from(a.ends_with(':') && a.len() > 1),
                    ));
                    format!(
                        "{}{dashes}{}",
                        if a.starts_with(':') { ":" } else { "" },
                        if a.ends_with(':') && a.len() > 1 { ":" } else { "" }
                    )
                })
                .collect();
            lines.push(row_text(rule));
        }
    }
    lines.join("\n")
}

fn code(r: &mut Rng) -> String {
    let lang = r.pick(&["", "bash", "python", "js", "sql", "yaml", "text"]);
    let body = r.pick(&[
        "kubectl rollout restart deploy/api\nkubectl get pods -w",
        "def f(x):\n    return x * 2\n",
        "SELECT *\nFROM orders\nWHERE total > 100;",
        "key: value\nlist:\n  - a\n  - b",
        "echo \"$HOME\" # comment",
    ]);
    let body = body.trim_end_matches('\n');
    match r.below(5) {
        0 => body.lines().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n"),
        1 => format!("~~~{lang}\n{body}\n~~~"),
        _ => format!("```{lang}\n{body}\n```"),
    }
}

fn quote(r: &mut Rng) -> String {
    match r.below(3) {
        0 => {
            let kind = r.pick(&["note", "tip", "warning", "info", "todo", "question", "danger"]);
            let fold = r.pick(&["", "", "-", "+"]);
            let title = if r.chance(60) {
                format!(" {}", sentence(r).trim_end_matches(['.', '!', '?', ':']))
            } else {
                String::new()
            };
            format!("> [!{kind}]{fold}{title}\n> {}\n> {}", sentence(r), sentence(r))
        }
        1 => format!("> {}\n>\n> > {}", sentence(r), sentence(r)),
        _ => paragraph(r).lines().map(|l| format!("> {l}")).collect::<Vec<_>>().join("\n"),
    }
}

fn heading(r: &mut Rng) -> String {
    let level = 1 + r.below(4);
    let hashes = "#".repeat(level);
    let title = sentence(r).trim_end_matches(['.', '!', '?', ':']).to_owned();
    if r.chance(15) { format!("{hashes} {title} {hashes}") } else { format!("{hashes} {title}") }
}

fn block(r: &mut Rng, footnotes: &mut usize) -> String {
    match r.below(20) {
        0..=6 => paragraph(r),
        7..=9 => list(r),
        10 | 11 => heading(r),
        12 | 13 => table(r),
        14 => code(r),
        15 | 16 => quote(r),
        17 => r.pick(&["---", "***", "___", "- - -"]).to_owned(),
        18 => {
            *footnotes += 1;
            format!("{} [^{}]", sentence(r), footnotes)
        }
        _ => r
            .pick(&[
                "<!-- private: do not share -->",
                "<div align=\"center\">centered</div>",
                "%% obsidian comment %%",
                "$$\nE = mc^2\n$$",
                "![[architecture.png|400]]",
                "Tags: #project/alpha #status/active",
                "[[Daily Notes/2024-05-01]] · [[Inbox]]",
            ])
            .to_owned(),
    }
}

/// One note body.
pub fn note(seed: u64) -> String {
    let mut r = Rng::new(seed);
    let mut footnotes = 0;
    let n = 2 + r.below(12);
    let mut out = String::new();
    for i in 0..n {
        let b = block(&mut r, &mut footnotes);
        if i > 0 {
            // Mostly one blank line; sometimes none before a list (as typed under a paragraph), sometimes two.
            let tight =
                b.starts_with(['-', '*', '+']) && !b.starts_with("---") && !b.starts_with("***") && r.chance(40);
            out.push_str(if tight {
                "\n"
            } else if r.chance(8) {
                "\n\n\n"
            } else {
                "\n\n"
            });
        }
        out.push_str(&b);
    }
    for f in 1..=footnotes {
        out.push_str(&format!("\n\n[^{f}]: {}", sentence(&mut r)));
    }
    match r.below(10) {
        0 | 1 => {}
        2 => out.push_str("\n\n"),
        _ => out.push('\n'),
    }
    if r.chance(15) {
        out = out.replace('\n', "\r\n");
    }
    out
}

/// The corpus: `count` notes.
pub fn notes(count: u64) -> Vec<String> {
    (0..count).map(note).collect()
}
