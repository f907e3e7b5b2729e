// The settings part of the \`obsidian\` stub: PluginSettingTab and Setting with text, toggle, dropdown and
// button components, each with a test helper that does what the user would (type, choose, click).
import type { FakeApp, Plugin } from "./obsidian-stub";

export class PluginSettingTab {
  containerEl: HTMLElement = createDiv();
  constructor(
    public app: FakeApp,
    public plugin: Plugin,
  ) {}
  display(): void {}
  hide(): void {}
  /** Obsidian 1.13 re-renders the declarative definitions; here it counts. */
  updates = 0;
  update(): void {
    this.updates++;
  }
}

class TextComponent {
  inputEl = createEl("input");
  changed: ((value: string) => unknown) | null = null;
  setPlaceholder(p: string): this {
    this.inputEl.placeholder = p;
    return this;
  }
  setValue(v: string): this {
    this.inputEl.value = v;
    return this;
  }
  onChange(cb: (value: string) => unknown): this {
    this.changed = cb;
    return this;
  }
  /** Test helper: what typing `value` does. */
  async type(value: string): Promise<void> {
    this.inputEl.value = value;
    await this.changed?.(value);
  }
}

class TextAreaComponent {
  inputEl = createEl("textarea");
  changed: ((value: string) => unknown) | null = null;
  setPlaceholder(p: string): this {
    this.inputEl.placeholder = p;
    return this;
  }
  setValue(v: string): this {
    this.inputEl.value = v;
    return this;
  }
  getValue(): string {
    return this.inputEl.value;
  }
  onChange(cb: (value: string) => unknown): this {
    this.changed = cb;
    return this;
  }
  /** Test helper: what typing `value` does. */
  async type(value: string): Promise<void> {
    this.inputEl.value = value;
    await this.changed?.(value);
  }
}

class ToggleComponent {
  value = false;
  changed: ((value: boolean) => unknown) | null = null;
  setValue(v: boolean): this {
    this.value = v;
    return this;
  }
  onChange(cb: (value: boolean) => unknown): this {
    this.changed = cb;
    return this;
  }
}

class DropdownComponent {
  selectEl = createEl("select");
  value = "";
  changed: ((value: string) => unknown) | null = null;
  addOptions(options: Record<string, string>): this {
    for (const [value, text] of Object.entries(options)) this.selectEl.createEl("option", { value, text });
    return this;
  }
  setValue(v: string): this {
    this.value = v;
    this.selectEl.value = v;
    return this;
  }
  onChange(cb: (value: string) => unknown): this {
    this.changed = cb;
    return this;
  }
  /** Test helper: what choosing `value` does. */
  async choose(value: string): Promise<void> {
    this.setValue(value);
    await this.changed?.(value);
  }
}

class ButtonComponent {
  buttonEl = createEl("button");
  disabled = false;
  clicked: (() => unknown) | null = null;
  setButtonText(text: string): this {
    this.buttonEl.setText(text);
    return this;
  }
  setDisabled(disabled: boolean): this {
    this.disabled = disabled;
    return this;
  }
  setCta(): this {
    return this;
  }
  onClick(cb: () => unknown): this {
    this.clicked = cb;
    return this;
  }
  /** Test helper: a click, awaited. */
  async click(): Promise<void> {
    await this.clicked?.();
  }
}

export class Setting {
  static all: Setting[] = [];
  dropdowns: DropdownComponent[] = [];
  buttons: ButtonComponent[] = [];
  settingEl: HTMLElement;
  nameEl: HTMLElement;
  descEl: HTMLElement;
  controlEl: HTMLElement;
  heading = false;
  texts: TextComponent[] = [];
  toggles: ToggleComponent[] = [];
  textAreas: TextAreaComponent[] = [];
  constructor(containerEl: HTMLElement) {
    this.settingEl = containerEl.createDiv({ cls: "setting-item" });
    this.nameEl = this.settingEl.createDiv({ cls: "setting-item-name" });
    this.descEl = this.settingEl.createDiv({ cls: "setting-item-description" });
    this.controlEl = this.settingEl.createDiv({ cls: "setting-item-control" });
    Setting.all.push(this);
  }
  setName(name: string): this {
    this.nameEl.setText(name);
    return this;
  }
  setDesc(desc: string): this {
    this.descEl.createSpan({ text: desc });
    return this;
  }
  setHeading(): this {
    this.heading = true;
    return this;
  }
  addText(cb: (text: TextComponent) => unknown): this {
    const t = new TextComponent();
    this.controlEl.appendChild(t.inputEl);
    this.texts.push(t);
    cb(t);
    return this;
  }
  addTextArea(cb: (area: TextAreaComponent) => unknown): this {
    const t = new TextAreaComponent();
    this.controlEl.appendChild(t.inputEl);
    this.textAreas.push(t);
    cb(t);
    return this;
  }
  addDropdown(cb: (dropdown: DropdownComponent) => unknown): this {
    const d = new DropdownComponent();
    this.controlEl.appendChild(d.selectEl);
    this.dropdowns.push(d);
    cb(d);
    return this;
  }
  addButton(cb: (button: ButtonComponent) => unknown): this {
    const b = new ButtonComponent();
    this.controlEl.appendChild(b.buttonEl);
    this.buttons.push(b);
    cb(b);
    return this;
  }
  addToggle(cb: (toggle: ToggleComponent) => unknown): this {
    const t = new ToggleComponent();
    this.toggles.push(t);
    cb(t);
    return this;
  }
}

