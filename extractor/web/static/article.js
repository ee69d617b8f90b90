// The article page: bring a cited quote (?hl=start-end) into view; the #pN anchor does the rest.
"use strict";

(() => {
  const mark = document.querySelector("mark.cite");
  if (mark) mark.scrollIntoView({ block: "center" });
})();
