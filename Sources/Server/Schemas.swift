/// The JSON Schemas of `/schema`: OpenEnv's `{action, observation, state}`.
enum Schemas {
  static let all = """
    {"action": \(action), "observation": \(observation), "state": \(state)}
    """

  static let action = """
    {"title": "TatamiAction", "type": "object", "description": "One step: run or submit code, read the task or the \
    history, or finish. An unreadable action still counts as a step and gets an invalid_action feedback.",
     "properties": {
      "action": {"type": "string", "enum": ["info", "run", "submit", "history", "finish"]},
      "code": {"type": "string", "description": "Python source for run and submit"},
      "command": {"type": "string", "description": "A shell command line instead of Python"},
      "submission": {"type": ["integer", "null"], "description": "finish: the step of the submission to be scored"},
      "text": {"type": "string", "description": "Instead of the fields above: a raw reply holding one action as JSON"},
      "timeout_s": {"type": "number", "exclusiveMinimum": 0, "description": "This step's limit, under the budget's"}
     }}
    """

  static let observation = """
    {"title": "TatamiObservation", "type": "object",
     "required": ["text", "episode_id", "run_id", "competition", "step"],
     "properties": {
      "text": {"type": "string", "description": "The task (after a reset) or this step's feedback, rendered"},
      "episode_id": {"type": "string"}, "run_id": {"type": "string"}, "competition": {"type": "string"},
      "step": {"type": "integer", "minimum": 0},
      "task": {"type": "object", "description": "After a reset: overview, files, metric, submission format, budget"},
      "feedback": {"type": "object", "description": "After a step: docs/feedback.schema.json"}
     }}
    """

  static let state = """
    {"title": "TatamiState", "type": "object", "required": ["step_count", "done"],
     "properties": {
      "episode_id": {"type": ["string", "null"]}, "step_count": {"type": "integer", "minimum": 0},
      "run_id": {"type": ["string", "null"]}, "competition": {"type": ["string", "null"]},
      "steps_left": {"type": ["integer", "null"]}, "seconds_left": {"type": ["integer", "null"]},
      "best_public_score": {"type": ["number", "null"]}, "done": {"type": "boolean"},
      "status": {"type": ["string", "null"], "enum": ["finished", "budget_exhausted", "agent_error", "aborted", null]},
      "result": {"type": ["object", "null"], "description": "Once over: the result, private score included"}
     }}
    """
}
