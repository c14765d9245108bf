import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { createSession } from "./state/createSession";
import { installTrustedTypesPolicy } from "./trustedTypes";
import "./styles.css";

installTrustedTypesPolicy();

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");
createRoot(root).render(
  <StrictMode>
    <App session={createSession()} />
  </StrictMode>,
);
