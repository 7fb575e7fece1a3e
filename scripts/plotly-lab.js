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
