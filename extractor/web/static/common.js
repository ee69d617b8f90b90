// Helpers shared by the pages. Data from the server is only ever set with textContent,
// never parsed as markup, so an article or a question cannot inject anything.
"use strict";

const dq = (() => {
  /** Create an element; children are nodes or strings (strings become text nodes). */
  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "href") setHref(node, value);
      else if (key === "data") Object.assign(node.dataset, value);
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  /** Only same-site paths become links. */
  function setHref(node, href) {
    if (typeof href === "string" && /^\/(?!\/)/.test(href)) node.setAttribute("href", href);
  }

  // The server accepts changes only from requests carrying this header: an HTML form on another
  // site cannot send it, and a script there would need a CORS preflight the server never grants.
  const PAGE_HEADERS = { "X-Dealqa": "1" };

  /** fetch + JSON; a non-2xx answer throws an Error carrying the server's message. */
  async function json(url, options = {}) {
    const headers = { Accept: "application/json", ...PAGE_HEADERS, ...(options.headers || {}) };
    const response = await fetch(url, { ...options, headers, credentials: "same-origin" });
    let body = null;
    try {
      body = await response.json();
    } catch (_) {
      body = null;
    }
    if (!response.ok) {
      const message = (body && body.error) || `请求失败（${response.status}）`;
      throw new Error(message);
    }
    return body;
  }

  /** Query string from an object, leaving out empty values. */
  function query(params) {
    const q = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      if (value !== null && value !== undefined && String(value).trim() !== "") q.set(key, String(value).trim());
    }
    return q.toString();
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  return { el, json, query, clear, setHref, PAGE_HEADERS };
})();
