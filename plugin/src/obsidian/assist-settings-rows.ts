// The "Assistance" section of the settings tab (docs/assist.md): on/off (off by default), the model server's
// base URL (https:// except for localhost), the model, its API key (in Obsidian's secret storage, never in
// data.json), the context window, how structured output is asked for, the allowed folders (none by default:
// nothing is sent), the private front matter keys, the owner map, and **Test model**, which shows the model's
// answer or the exact failure. Each text is checked as typed; an invalid one is shown, not saved.
import { type Setting } from "obsidian";
import { type AssistSettings, assistKeySecretId, parseList, validateModelUrl } from "../assist/assist-settings";
import { modelEndpoint } from "../assist/model-endpoint";
import { type MessageCore, testModel } from "../assist/test-model";
import { type SettingsStore } from "../data/plugin-data";
import { type ConnectionEnv } from "../jira/connection";
import { settingRow, type SyncSection } from "./sync-settings-rows";
import { addValidatedText } from "./validated-text";

async function save(store: SettingsStore, patch: Partial<AssistSettings>): Promise<void> {
  await store.update({ assist: { ...store.get().assist, ...patch } });
}

/** The model's API key as stored, or null. */
export function storedModelKey(env: Pick<ConnectionEnv, "pluginId" | "secrets">): string | null {
  return env.secrets.get(assistKeySecretId(env.pluginId));
}

function listArea(store: SettingsStore, key: "allowedFolders" | "privateKeys", placeholder: string): (setting: Setting) => void {
  return (setting) => {
    setting.addTextArea((area) => {
      area.setPlaceholder(placeholder).setValue(store.get().assist[key].join("\n"));
      area.onChange((value) => void save(store, { [key]: parseList(value) }));
    });
  };
}

/** The assistance section; `core` reads *Test model*'s answer. */
export function assistSection(store: SettingsStore, env: ConnectionEnv, core: Partial<MessageCore>): SyncSection {
  return {
    heading: "Assistance",
    rows: [
      settingRow("Assistance with a language model", "Off: nothing is ever sent to a model. Rule-based task detection works either way.", (setting) => {
        setting.addToggle((toggle) => toggle.setValue(store.get().assist.enabled).onChange((enabled) => void save(store, { enabled })));
      }),
      settingRow("Model server", "The OpenAI-compatible address, up to /v1 (Ollama, llama.cpp, LM Studio, vLLM, OpenAI…). https:// unless the server is on this computer.", (setting) =>
        addValidatedText(setting, {
          value: store.get().assist.baseUrl,
          placeholder: "http://localhost:11434/v1",
          commit: async (value) => {
            const problem = validateModelUrl(value);
            if (problem !== null) return [problem];
            await save(store, { baseUrl: value.trim().replace(/\/+$/, "") });
            return [];
          },
        }),
      ),
      settingRow("Model", "The model's name on the server, such as llama3.1:8b or gpt-4o-mini.", (setting) =>
        addValidatedText(setting, {
          value: store.get().assist.model,
          commit: async (value) => {
            await save(store, { model: value.trim() });
            return [];
          },
        }),
      ),
      settingRow("API key", "Only for servers that need one. Kept in Obsidian's secret storage, never in the plugin's data file.", (setting) => {
        setting.addText((text) => {
          text.inputEl.type = "password";
          text.inputEl.autocomplete = "off";
          text.setPlaceholder(storedModelKey(env) !== null ? "Saved (type to replace)" : "Optional").onChange((input) => {
            const id = assistKeySecretId(env.pluginId);
            if (input.trim() === "") env.secrets.delete(id);
            else env.secrets.set(id, input.trim());
          });
        });
      }),
      settingRow("Context window", "The model's context window in tokens. Lines of a note that do not fit are left out, and you are told which.", (setting) =>
        addValidatedText(setting, {
          value: String(store.get().assist.contextWindow),
          commit: async (value) => {
            const n = Number(value.trim());
            if (!Number.isInteger(n) || n < 512 || n > 2_000_000) return ["Enter a whole number of tokens from 512, such as 8192."];
            await save(store, { contextWindow: n });
            return [];
          },
        }),
      ),
      settingRow("Structured output", "How the answer's shape is asked for. Use the prompt for servers that reject response_format.", (setting) => {
        setting.addDropdown((dropdown) =>
          dropdown
            .addOptions({ jsonSchema: "JSON schema (response_format)", schemaInPrompt: "Schema in the prompt" })
            .setValue(store.get().assist.output)
            .onChange((value) => void save(store, { output: value === "schemaInPrompt" ? "schemaInPrompt" : "jsonSchema" })),
        );
      }),
      settingRow("Allowed folders", "Only notes in these folders are ever sent, one folder per line (/ for the whole vault). Empty: none.", listArea(store, "allowedFolders", "Meetings\nProjects")),
      settingRow("Private properties", "Front matter keys never sent, one per line. Notes tagged #private or with private: true are never sent.", listArea(store, "privateKeys", "private")),
      settingRow("Owners", "Suggested assignees by label or component, one per line: label: person.", (setting) => {
        setting.addTextArea((area) => {
          area.setPlaceholder("Label: person").setValue(store.get().assist.owners);
          area.onChange((owners) => void save(store, { owners }));
        });
      }),
      settingRow("Test model", "Sends one short message (no note content) and shows the answer or the exact failure.", (setting) => {
        const result = setting.descEl.createDiv();
        result.hide();
        setting.addButton((button) => {
          const run = async (): Promise<void> => {
            button.setDisabled(true);
            result.setText("Testing…");
            result.show();
            try {
              const settings = store.get().assist;
              const endpoint = modelEndpoint(settings, { http: env.http, clock: env.clock, apiKey: storedModelKey(env) });
              const outcome = core.assistMessageContent === undefined ? { ok: false, message: "The core has not started yet." } : await testModel(core as MessageCore, endpoint, settings.model, settings.output);
              result.setText(outcome.message);
              result.toggleClass("jvs-connection-ok", outcome.ok);
              result.toggleClass("jvs-connection-failed", !outcome.ok);
            } finally {
              button.setDisabled(false);
            }
          };
          button.setButtonText("Test model").onClick(() => void run());
        });
      }),
    ],
  };
}
