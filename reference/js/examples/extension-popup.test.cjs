// The reference as a test double in node's own test runner: `node --test reference/js/examples/`.
// (In a page, load dist/webfuse-reference.js with a <script> tag instead of require().)
const test = require("node:test");
const assert = require("node:assert/strict");
require("../dist/webfuse-reference.js"); // defines globalThis.WebfuseReference
const { createWorld, install, uninstall } = globalThis.WebfuseReference;

// The code under test: an extension popup that hands the host role to the first other participant
// and tells everyone in the chat.
async function handOver(session) {
  const participants = await session.getParticipants();
  const other = participants.find((p) => !p.self);
  if (other) {
    session.makeHost(other.client_index);
    session.sendChatMessage(`${other.name} is hosting now`);
  }
}

test("the popup hands the host role on and says so in the chat", async () => {
  const world = createWorld({ participants: [{ name: "Ada" }, { name: "Bob" }] });
  install(world, 0); // browser.webfuseSession and window.webfuse of participant 0
  const heard = [];
  world.extension(1).on("chat_message", (session, event) => heard.push(event.message));

  await handOver(browser.webfuseSession);

  assert.equal(world.roles.host, 1);
  assert.deepEqual(heard, ["Bob is hosting now"]);
  uninstall();
});

test("with the chat turned off, the chat message is silently ignored", async () => {
  const world = createWorld({ participants: 2, options: { chat_enabled: false } });
  await handOver(world.extension(0));
  assert.equal(world.roles.host, 1);
  assert.deepEqual(world.chat, []);
});

test("a bad argument is a TypeError, and after end() nothing answers", () => {
  const world = createWorld();
  const session = world.widget(0);
  assert.throws(() => session.makeHost("1"), TypeError);
  session.end();
  assert.equal(session.makeHost("1"), undefined); // ignored, bad argument included
  assert.equal(session.started, undefined);
});
