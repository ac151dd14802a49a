import employment from './builtin/employment.json' with { type: 'json' };
import socialInsurance from './builtin/social-insurance.json' with { type: 'json' };
import socialSecurityCard from './builtin/social-security-card.json' with { type: 'json' };
import labourRelations from './builtin/labour-relations.json' with { type: 'json' };
import talentPersonnel from './builtin/talent-personnel.json' with { type: 'json' };
import vocationalSkills from './builtin/vocational-skills.json' with { type: 'json' };
import bundles from './builtin/bundles.json' with { type: 'json' };

/**
 * The built-in catalog as read from builtin/, unvalidated: the 97 online-enabled items reconstructed from the
 * common Guangdong HR&SS items (domain-brief §5; no public copy of Foshan's own list exists, §0), one file
 * per business line, and the ten national bundles of 人社部发〔2020〕26号 (§1.2).
 * Static imports, not fs, so the domain reads no files at run time.
 */
export const builtinCatalogData: { items: unknown[]; bundles: unknown[] } = {
  items: [...employment, ...socialInsurance, ...socialSecurityCard, ...labourRelations, ...talentPersonnel, ...vocationalSkills],
  bundles,
};
