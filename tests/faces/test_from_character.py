from __future__ import annotations

from personae import Personae, Store
from personae.faces.agent.from_character import agent_from_character
from personae.faces.agent.operations import AgentProfiles
from personae.faces.npc.from_character import npc_from_character
from personae.faces.npc.operations import build_npc


def test_character_to_npc_and_agent(store: Store) -> None:
    engine = Personae(store)
    for cls in ("VAMPIRE", "WEREWOLF", "HUNTER", "MORTAL"):
        c = engine.generate(character_class=cls, seed=11)
        body = npc_from_character(c)
        npc = build_npc(body, game_id="g", world_id="w")
        assert npc.name in (c.name, c.name_first) and c.biography[:40] in npc.description
        assert npc.traits == c.personality and npc.sources["description"] == "caller"
        agent = agent_from_character(c)
        assert agent.name == c.name and c.name in (agent.system or "")
        assert agent.adjectives == c.personality and agent.postExamples == [c.quote]
        assert agent.messageExamples and agent.messageExamples[0][1].content.text == c.quote
        AgentProfiles(engine).create(c.id, agent, activate=True)
        assert AgentProfiles(engine).active()[1].name == c.name
