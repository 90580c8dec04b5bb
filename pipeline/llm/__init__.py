"""The LLM backend: prompts, answer models with grounding, a retrying client, section extraction."""
