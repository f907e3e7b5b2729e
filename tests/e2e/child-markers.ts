// The marker lines of the generated *Child issues* section, as the core writes them (src/alignment/child_section.rs).
export const START_MARKER = "%% jira-vault-sync: child issues start (generated; edits up to the end marker are replaced) %%";
export const END_MARKER = "%% jira-vault-sync: child issues end %%";
