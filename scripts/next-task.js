// A promise settled in a task of its own, so that long work yields to the page between
// slices: a `MessageChannel` message (a timer's would be clamped to 4 ms when nested).
// Used by the generated loader (scripts/plotly-bundle.mjs) and by scripts/plotly-lab.js.
'use strict';

var waiting = [];
var channel = new MessageChannel();
channel.port1.onmessage = function () {
  waiting.shift()();
};

module.exports = function nextTask() {
  return new Promise(function (resolve) {
    waiting.push(resolve);
    channel.port2.postMessage(0);
  });
};
