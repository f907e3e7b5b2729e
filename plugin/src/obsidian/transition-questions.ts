// After a sync the user started, status changes that stopped because their transition screen requires fields
// without a project default (the report's `screenQuestions`) are asked in a modal, one at a time; answered
// notes are synced again with the answers (one run for all), and answers the user asked to remember are saved
// as the project's transition defaults first. Scheduled runs never open a modal: their notes keep the error in
// the sync log until the user syncs. Logic in ../transition-fields; this file only wires Obsidian.
import type { App, Plugin } from "obsidian";
import type { SettingsStore } from "../data/plugin-data";
import type { TransitionDefaults } from "../projects/transition-defaults";
import { answerDefaults, mergeDefaults, type ScreenQuestion } from "../transition-fields/screen-questions";
import type { SyncController } from "./sync-controller";
import { askScreenFields } from "./transition-fields-modal";

export interface TransitionQuestionDeps {
  app: App;
  controller: SyncController;
  settings: SettingsStore;
}

/** Asks for missing transition screen fields after each user-started sync (once per plugin load). */
export function registerTransitionQuestions(plugin: Plugin, deps: TransitionQuestionDeps): void {
  let asking = false;
  const ask = async (questions: ScreenQuestion[]): Promise<void> => {
    if (asking) return;
    asking = true;
    const paths: string[] = [];
    let answers: TransitionDefaults = {};
    try {
      for (const question of questions) {
        const reply = await askScreenFields(deps.app, question);
        if (reply === null) continue;
        const given = answerDefaults(question, reply.answers);
        if (reply.remember) {
          const sync = deps.settings.get().sync;
          await deps.settings.update({ sync: { ...sync, transitionDefaults: mergeDefaults(sync.transitionDefaults, given) } });
        }
        answers = mergeDefaults(answers, given);
        paths.push(question.path);
      }
    } finally {
      asking = false;
    }
    if (paths.length > 0) await deps.controller.retryWithAnswers(paths, answers);
  };
  deps.controller.onScreenQuestions = (questions) => void ask(questions);
  plugin.register(() => (deps.controller.onScreenQuestions = null));
}
