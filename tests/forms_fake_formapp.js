// Run a generated Apps Script against a recording stand-in for FormApp, Logger and
// SpreadsheetApp, and print what it did as JSON.
//
// Usage: node forms_fake_formapp.js SCRIPT.gs [ACTIVE_SPREADSHEET_ID]
// The stand-in checks what Google would refuse: a response outside the choices, a sample
// answer its own validation rejects, a validation builder given more than one rule.
"use strict";

const fs = require("fs");
const vm = require("vm");

const [scriptPath, activeSpreadsheet] = process.argv.slice(2);
const record = {
  title: null,
  description: null,
  confirmation: null,
  items: [],
  destination: null,
  published: null,
  accepting: null,
  logs: [],
};
let nextEntry = 1000000001;

function validationBuilder() {
  const rule = { message: null, requires: [] };
  const builder = {
    setHelpText(text) {
      rule.message = text;
      return builder;
    },
    requireTextMatchesPattern(pattern) {
      rule.requires.push(["requireTextMatchesPattern", pattern]);
      return builder;
    },
    requireWholeNumber() {
      rule.requires.push(["requireWholeNumber"]);
      return builder;
    },
    requireNumberGreaterThanOrEqualTo(number) {
      rule.requires.push(["requireNumberGreaterThanOrEqualTo", number]);
      return builder;
    },
    build() {
      if (rule.requires.length !== 1) {
        throw new Error("a Forms question holds exactly one validation rule");
      }
      return rule;
    },
  };
  return builder;
}

function addItem(kind) {
  const item = {
    kind,
    title: null,
    required: false,
    help: null,
    choices: null,
    validation: null,
    entry: String(nextEntry++),
  };
  record.items.push(item);
  const api = {
    setTitle(text) {
      item.title = text;
      return api;
    },
    setRequired(flag) {
      item.required = flag;
      return api;
    },
    setHelpText(text) {
      item.help = text;
      return api;
    },
    setChoiceValues(values) {
      item.choices = values.slice();
      return api;
    },
    setValidation(rule) {
      item.validation = rule;
      return api;
    },
    createResponse(value) {
      if (kind === "list" && !item.choices.includes(value)) {
        throw new Error("not a choice: " + value);
      }
      if (kind === "checkbox" && !value.every((v) => item.choices.includes(v))) {
        throw new Error("not a choice: " + value);
      }
      if (item.validation) {
        const [name, pattern] = item.validation.requires[0];
        if (name === "requireTextMatchesPattern" && !new RegExp(pattern).test(value)) {
          throw new Error("sample fails its own validation: " + value);
        }
      }
      return { item, value };
    },
  };
  return api;
}

const PUBLISHED = "https://docs.google.com/forms/d/e/1FAIpQLSfakePublishedId/viewform";
const form = {
  setDescription(text) {
    record.description = text;
    return form;
  },
  setConfirmationMessage(text) {
    record.confirmation = text;
    return form;
  },
  addListItem: () => addItem("list"),
  addCheckboxItem: () => addItem("checkbox"),
  addParagraphTextItem: () => addItem("paragraph"),
  addTextItem: () => addItem("text"),
  setDestination(type, id) {
    record.destination = { type, id };
    return form;
  },
  setPublished(flag) {
    record.published = flag;
    return form;
  },
  setAcceptingResponses(flag) {
    record.accepting = flag;
    return form;
  },
  getPublishedUrl: () => PUBLISHED,
  getEditUrl: () => "https://docs.google.com/forms/d/fakeEditId/edit",
  createResponse() {
    const answers = [];
    const response = {
      withItemResponse(answer) {
        answers.push(answer);
        return response;
      },
      toPrefilledUrl() {
        const query = answers.map((a) => {
          const values = Array.isArray(a.value) ? a.value : [a.value];
          return values.map((v) => "entry." + a.item.entry + "=" + encodeURIComponent(v)).join("&");
        });
        return PUBLISHED + "?usp=pp_url&" + query.join("&");
      },
    };
    return response;
  },
};

const sandbox = {
  FormApp: {
    DestinationType: { SPREADSHEET: "SPREADSHEET" },
    create(title) {
      record.title = title;
      return form;
    },
    createTextValidation: validationBuilder,
  },
  Logger: {
    log(format, ...values) {
      let index = 0;
      record.logs.push(String(format).replace(/%s/g, () => String(values[index++])));
    },
  },
  SpreadsheetApp: {
    getActiveSpreadsheet: () => (activeSpreadsheet ? { getId: () => activeSpreadsheet } : null),
  },
};
vm.createContext(sandbox);
vm.runInContext(fs.readFileSync(scriptPath, "utf8"), sandbox, { filename: scriptPath });
vm.runInContext("createReportForm()", sandbox);
process.stdout.write(JSON.stringify(record));
