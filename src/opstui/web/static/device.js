// The participant page. Every text reaches the page through textContent (never as
// HTML): a title or name holding "<script>", "[bold]" or an escape code shows as typed.
"use strict";

(() => {
  let csrf = ""; // from /device: this browser's token, sent with every POST
  const match = /^\/j\/([A-Za-z0-9_-]+)$/.exec(location.pathname);
  const token = match ? match[1] : null;

  const $ = (id) => document.getElementById(id);
  const steps = ["code-step", "pick-step", "live-step", "gone-step"];

  const CONSENT = { agree: "Agree", abstain: "Abstain", disagree: "Disagree", block: "Block" };
  const YESNO = { yes: "Yes", no: "No" };
  const SENTIMENT = { "-2": "−2", "-1": "−1", "0": "0", "1": "+1", "2": "+2" };

  let version = null;
  let state = null;
  let dotsKey = null; // the vote round the local dot counts belong to
  let dots = {};
  let sentiment = "0";
  let polling = false;

  function el(tag, text, attrs) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
    return node;
  }

  function show(step) {
    for (const id of steps) $(id).hidden = id !== step;
  }

  function say(text, bad) {
    const message = $("message");
    message.textContent = text || "";
    message.className = bad ? "message bad" : "message";
  }

  function gone(title, text) {
    polling = false;
    $("gone-title").textContent = title;
    $("gone-text").textContent = text;
    show("gone-step");
  }

  async function call(method, path, body) {
    const options = {
      method,
      credentials: "same-origin",
      cache: "no-store",
      headers: { "X-CSRF-Token": csrf },
    };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    const response = await fetch(path, options);
    let data = null;
    try {
      data = await response.json();
    } catch (_) {
      data = null;
    }
    if (!response.ok) {
      const error = new Error((data && data.error) || "Something went wrong.");
      error.status = response.status;
      throw error;
    }
    return data;
  }

  // -- drawing -------------------------------------------------------------

  function draw(next) {
    state = next;
    version = next.version;
    const view = next.view;
    for (const title of document.querySelectorAll(".session-title")) {
      title.textContent = view.session_title;
    }
    if (view.ended) {
      gone("The session has ended", "Thank you for taking part.");
      return;
    }
    if (!next.you.joined) {
      drawNames(next.participants || []);
      show("pick-step");
      return;
    }
    $("item-title").textContent = view.item_title ? "Now: " + view.item_title : "";
    $("you").textContent = next.you.named
      ? "You joined as " + next.you.name + "."
      : "You joined without a name: you can send remarks.";
    drawVote(view.vote, next.you.named);
    drawRemarkChoices(view);
    const waiting = view.your_waiting;
    $("waiting").textContent = waiting
      ? (waiting === 1 ? "Your remark waits" : "Your " + waiting + " remarks wait") +
        " for the facilitator."
      : "";
    show("live-step");
  }

  function drawNames(participants) {
    const names = $("names");
    names.replaceChildren();
    for (const person of participants) {
      const button = el("button", person.taken ? person.name + " (joined)" : person.name, {
        type: "button",
      });
      button.disabled = person.taken;
      button.addEventListener("click", () => join(person.id));
      names.append(button);
    }
  }

  function label(vote, value) {
    if (vote.method === "consent") return CONSENT[value] || value;
    if (vote.method === "yes-no") return YESNO[value] || value;
    return value;
  }

  function drawVote(vote, named) {
    $("vote").hidden = !vote;
    $("no-vote").hidden = !!vote;
    const buttons = $("vote-buttons");
    const dotBox = $("vote-dots");
    buttons.replaceChildren();
    dotBox.replaceChildren();
    if (!vote) return;
    $("vote-title").textContent = vote.title;
    $("vote-description").textContent = vote.description;
    $("vote-progress").textContent = vote.voted + " of " + vote.of + " voted";
    const canVote = named && vote.can_vote && vote.result.length === 0;
    if (!named) {
      buttons.append(el("p", "Join with your name to vote.", { class: "hint" }));
    } else if (vote.method === "dot") {
      drawDots(vote, dotBox, canVote);
    } else {
      for (const value of vote.choices) {
        const button = el("button", label(vote, value), { type: "button" });
        button.setAttribute("aria-pressed", String(vote.your_value === value));
        button.disabled = !canVote;
        button.addEventListener("click", () => ballot(vote, value, {}));
        buttons.append(button);
      }
    }
    let yours = "";
    if (vote.you_voted) {
      yours = "You voted";
      if (vote.your_value !== null && vote.your_value !== undefined) {
        yours += ": " + label(vote, vote.your_value);
      } else if (Object.keys(vote.your_dots || {}).length) {
        yours +=
          ": " +
          Object.entries(vote.your_dots)
            .filter(([, count]) => count > 0)
            .map(([option, count]) => option + " × " + count)
            .join(", ");
      }
      yours += vote.anonymous ? " (anonymous)." : ".";
    } else if (vote.anonymous) {
      yours = "This vote is anonymous: one ballot each, not changed once sent.";
    }
    $("vote-yours").textContent = yours;
    const result = $("vote-result");
    result.replaceChildren();
    for (const line of vote.result) result.append(el("li", line));
  }

  function drawDots(vote, box, canVote) {
    if (dotsKey !== vote.key) {
      dotsKey = vote.key;
      dots = {};
      for (const option of vote.options) dots[option] = (vote.your_dots || {})[option] || 0;
    }
    const used = () => Object.values(dots).reduce((sum, count) => sum + count, 0);
    const left = el("p", "", { class: "hint" });
    const refresh = () => {
      left.textContent = vote.budget - used() + " of " + vote.budget + " dots left";
    };
    for (const option of vote.options) {
      const row = el("div", null, { class: "dot-row" });
      const count = el("span", dots[option], { class: "count" });
      const minus = el("button", "−", { type: "button", "aria-label": "One dot less" });
      const plus = el("button", "+", { type: "button", "aria-label": "One dot more" });
      minus.disabled = plus.disabled = !canVote;
      minus.addEventListener("click", () => {
        if (dots[option] > 0) dots[option] -= 1;
        count.textContent = dots[option];
        refresh();
      });
      plus.addEventListener("click", () => {
        if (used() < vote.budget) dots[option] += 1;
        count.textContent = dots[option];
        refresh();
      });
      row.append(el("span", option, { class: "option" }), minus, count, plus);
      box.append(row);
    }
    refresh();
    const send = el("button", "Send my dots", { type: "button", class: "primary" });
    send.disabled = !canVote;
    send.addEventListener("click", () => ballot(vote, null, Object.assign({}, dots)));
    box.append(left, send);
  }

  let remarkChoicesDrawn = false;
  function drawRemarkChoices(view) {
    if (remarkChoicesDrawn) return; // keep what the person is choosing or typing
    remarkChoicesDrawn = true;
    const box = $("sentiments");
    for (const value of view.sentiments) {
      const button = el("button", SENTIMENT[value] || value, { type: "button" });
      button.dataset.value = value;
      button.setAttribute("aria-pressed", String(value === sentiment));
      button.addEventListener("click", () => {
        sentiment = value;
        for (const other of box.children) {
          other.setAttribute("aria-pressed", String(other.dataset.value === value));
        }
      });
      box.append(button);
    }
    const kind = $("remark-kind");
    for (const value of view.kinds) kind.append(el("option", value, { value }));
    kind.value = view.kinds.includes("observation") ? "observation" : view.kinds[0];
  }

  // -- acts ------------------------------------------------------------------

  async function act(path, body, done) {
    try {
      draw(await call("POST", "/s/" + token + path, body));
      say(done || "");
      if (!polling) poll();
      return true;
    } catch (error) {
      if (error.status === 404) {
        gone("This link no longer works", "Ask the facilitator for the new code.");
      } else {
        say(error.message, true);
      }
      return false;
    }
  }

  function join(personId) {
    act("/join", { person: personId });
  }

  function ballot(vote, value, givenDots) {
    act("/vote", { vote: vote.key, value, dots: givenDots }, "Your vote is in.");
  }

  $("join-anonymous").addEventListener("click", () => join(null));

  $("remark-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = $("remark-text");
    const sent = await act(
      "/remark",
      { sentiment, kind: $("remark-kind").value, text: text.value },
      "Sent: the facilitator will see it."
    );
    if (sent) text.value = "";
  });

  $("code-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const answer = await call("POST", "/code", { code: $("code-input").value });
      location.assign(answer.join);
    } catch (error) {
      say(error.message, true);
    }
  });

  // -- following the session -------------------------------------------------

  let troubled = false;
  async function poll() {
    polling = true;
    while (polling) {
      const after = version === null ? "" : "?after=" + encodeURIComponent(version);
      try {
        draw(await call("GET", "/s/" + token + "/view" + after));
        if (troubled) say(""); // only the poll's own trouble: a refusal stays in sight
        troubled = false;
      } catch (error) {
        if (error.status === 404) {
          gone("This link no longer works", "Ask the facilitator for the new code.");
          return;
        }
        troubled = true;
        say(error.status ? error.message : "Reconnecting…", true);
        await new Promise((resolve) => setTimeout(resolve, 2000));
      }
    }
  }

  async function start() {
    try {
      csrf = (await call("GET", "/device")).csrf;
    } catch (error) {
      say("The page could not reach the facilitator's computer. Reload to try again.", true);
      return;
    }
    if (token) {
      poll();
    } else {
      show("code-step");
      $("code-input").focus();
    }
  }

  start();
})();
