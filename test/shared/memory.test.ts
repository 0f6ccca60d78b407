// The shared multi scenarios in virtual time: in-memory transport, manual clock, VirtualDriver.

import { combinationScenarios } from "./combinations.ts";
import { memoryWorld } from "./memory-world.ts";
import { multiScenarios } from "./scenarios.ts";

multiScenarios("memory", memoryWorld);
combinationScenarios("memory", memoryWorld);
