//! The page's plotly.js: plotly's core with only the parts the lab draws with.
//
// plotly.js-basic's prebuilt bundle also registers pie charts, world calendars and a dozen
// layout components the lab never uses (sliders, menus, range selectors, images, colour
// bars, ...). Each registered component costs at load (its attributes are built and merged)
// and at every redraw (its layout defaults run), so this entry registers only what the
// page's figures use: scatter and bar traces, shapes (event lines), annotations (titles of
// an exported PNG), the legend (an exported PNG's), hover, and the mode bar (which plotly's
// layout code reads, though the page hides it). It follows plotly.js's src/core.js.
// scripts/plotly-bundle.mjs builds it; README ("Accessibility and Lighthouse") has what it saved.
'use strict';

exports.version = require('plotly.js/src/version').version;

// The plot CSS, as plotly's core does (not its promise polyfill: every browser that runs
// WebAssembly has promises).
require('plotly.js/build/plotcss');

var Registry = require('plotly.js/src/registry');
var register = (exports.register = Registry.register);

var plotApi = require('plotly.js/src/plot_api');
for (var name of Object.keys(plotApi)) {
  if (name.charAt(0) !== '_') exports[name] = plotApi[name];
  register({ moduleType: 'apiMethod', name: name, fn: plotApi[name] });
}

// A chart's first draw, and a large figure's redraw, yield to the page between plotly's
// drawing steps (see `sliced`).
var slicedReact = sliced(plotApi.react);
exports.react = slicedReact.react;
exports.reactInSlices = slicedReact.reactInSlices;

register([require('plotly.js/src/traces/scatter'), require('plotly.js/src/traces/bar')]);

// In plotly's order: the legend after shapes, hover after the legend.
register([
  require('plotly.js/src/components/annotations'),
  require('plotly.js/src/components/shapes'),
  require('plotly.js/src/components/legend'),
  require('plotly.js/src/components/fx'),
  require('plotly.js/src/components/modebar'),
]);

// English is plotly's default locale and must be registered.
register([require('plotly.js/src/locale-en'), require('plotly.js/src/locale-en-us')]);

// The first draw into an element runs plotly's code cold: the fleet chart's took 0.5-0.9 s
// under a 4x CPU slowdown, in one task, against about 25 ms for a later redraw; a large
// run's figure (an hour in 1 s intervals) takes 60-100 ms to redraw. While such a draw is in
// progress (a first draw, or `reactInSlices`), plotly's sequence of drawing steps
// (`Lib.syncOrAsync`: defaults, margins, axes, traces, interactions) yields to the page (a
// `MessageChannel` message) between steps once a slice has run its length, and the element
// has the class `drawing` (the page dims it, so a half-drawn chart is never shown as the
// answer). Other redraws stay in one task. Draws into one element run one after the other,
// so a redraw never starts on a draw still in progress.
function sliced(react) {
  var Lib = require('plotly.js/src/lib');
  // A slice's length [ms]: a first draw's is short (its steps run plotly's code cold, and on a
  // phone each costs several times more); a large figure's redraw takes fewer, longer slices,
  // so that the page paints fewer half-drawn states in between (README, "The page's
  // responsiveness").
  var FIRST_SLICE_MS = 10;
  var LARGE_SLICE_MS = 25;
  var sliceMs = FIRST_SLICE_MS;
  var inSlices = 0;
  var sliceStart = 0;
  var nextTask = require('./next-task');
  var nextSlice = function () {
    return nextTask().then(function () {
      sliceStart = performance.now();
    });
  };
  // plotly's own, but for the yield.
  Lib.syncOrAsync = function (sequence, arg, finalStep) {
    var again = function () {
      return Lib.syncOrAsync(sequence, arg, finalStep);
    };
    while (sequence.length) {
      var ret = sequence.splice(0, 1)[0](arg);
      if (ret && ret.then) return ret.then(again);
      if (inSlices > 0 && sequence.length && performance.now() - sliceStart > sliceMs) return nextSlice().then(again);
    }
    return finalStep && finalStep(arg);
  };
  var draw = function (el, args, always) {
    var slices = always || !el._fullLayout;
    var done;
    if (slices) {
      sliceMs = el._fullLayout ? LARGE_SLICE_MS : FIRST_SLICE_MS;
      inSlices++;
      sliceStart = performance.now();
      el.classList.add('drawing');
    }
    try {
      done = Promise.resolve(react.apply(null, args));
    } catch (e) {
      done = Promise.reject(e);
    }
    if (slices) {
      var end = function () {
        inSlices--;
        el.classList.remove('drawing');
      };
      done.then(end, end);
    }
    return done;
  };
  var drawing = new WeakMap();
  var queued = function (always) {
    return function (gd) {
      var args = arguments;
      var el = Lib.getGraphDiv(gd);
      var run = function () {
        return draw(el, args, always);
      };
      var before = drawing.get(el);
      var done = before ? before.then(run, run) : run();
      drawing.set(el, done.catch(function () {}));
      return done;
    };
  };
  return { react: queued(false), reactInSlices: queued(true) };
}
