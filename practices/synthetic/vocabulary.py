"""The words of the synthetic records: programmes, goals, activities, beneficiaries,
outcomes and challenges written from the vocabulary of the GFMD papers, rare words, and
how scopes and statuses are spread."""

from __future__ import annotations

from coherence.models import Institution, PolicyTool

from ..models import Practice

PROGRAMMES = [
    "matching-grant scheme",
    "circular migration programme",
    "skills partnership",
    "diaspora bond",
    "remittance-linked savings scheme",
    "inter-ministerial committee",
    "national migration policy",
    "pre-departure orientation programme",
    "return and reintegration programme",
    "diaspora mapping exercise",
    "labour mobility agreement",
    "migrant resource centre",
    "mainstreaming initiative",
    "policy coherence review",
    "coordination mechanism",
    "focal point network",
    "diaspora investment fund",
    "social security agreement",
    "qualification recognition scheme",
    "ethical recruitment code",
    "seasonal worker programme",
    "diaspora volunteer programme",
    "migration profile",
    "remittance price comparison website",
    "co-development programme",
    "local migration and development plan",
    "temporary return programme",
    "youth employment and migration initiative",
    "knowledge transfer programme",
    "migrant welfare fund",
    "consular outreach programme",
    "hometown association partnership",
]
GOALS = [
    "channel diaspora savings into local infrastructure",
    "lower the cost of sending remittances",
    "recognise the skills of returning migrants",
    "support the reintegration of returnees",
    "bring migration into national development planning",
    "protect migrant workers abroad",
    "widen the financial inclusion of remittance-receiving households",
    "encourage brain circulation in the health sector",
    "coordinate the ministries concerned",
    "match labour shortages with workers from partner countries",
    "engage the diaspora in the development of their home regions",
    "improve data on emigration and return",
    "prevent irregular migration and trafficking",
    "fund small businesses started by returning migrants",
    "train officials in policy coherence",
    "give migrants access to social protection",
    "build the capacity of local authorities",
    "reduce the cost of recruitment for migrant workers",
    "support diaspora entrepreneurs",
    "strengthen dialogue between countries of origin and destination",
]
VERBS = ["launched", "set up", "piloted", "established", "adopted", "introduced", "expanded"]
ACTIVITIES = [
    "The programme offers training, advice and small grants to {beneficiaries}.",
    "Each {unit} contributed by migrants is matched by the {level} government.",
    "A steering group meets {frequency} to review progress and agree priorities.",
    "The {institution} coordinates the work of {count} ministries and agencies.",
    "Consular staff inform {beneficiaries} of their rights and obligations.",
    "Funds are channelled through {channel} to projects chosen by local communities.",
    "Participants receive language courses and vocational training before departure.",
    "An online platform lists vacancies, training offers and investment opportunities.",
    "Recruitment agencies are licensed and monitored to prevent abuse.",
    "Data from surveys and administrative records feed an annual migration profile.",
    "The {institution} publishes guidance for municipalities on diaspora engagement.",
    "Returning migrants are offered counselling, job placement and start-up capital.",
    "Remittance service providers report their fees, which are compared on a public website.",
    "Partner countries agreed on the portability of pensions and health insurance.",
    "Civil society organisations and employers sit on the advisory board.",
    "A budget line for migration and development is co-managed by two ministries.",
]
BENEFICIARIES = [
    "migrant workers",
    "returning migrants",
    "diaspora associations",
    "remittance recipients",
    "young jobseekers",
    "women migrants",
    "seasonal workers",
    "health professionals",
    "students abroad",
    "rural households",
    "small entrepreneurs",
    "local authorities",
]
OUTCOMES = [
    "By {year}, {count} projects had been funded in {count2} municipalities.",
    "An evaluation found that remittance costs fell by {count} per cent.",
    "More than {big} workers took part in the first {count} years.",
    "The scheme was extended to {count} further regions after its pilot phase.",
    "Participants reported higher incomes and better access to credit.",
    "The committee's recommendations were taken up in the national development plan.",
]
CHALLENGES = [
    "Coordination between ministries remained weak and mandates overlapped.",
    "Funding depended on donors, which made planning beyond a few years difficult.",
    "Few migrants knew of the programme, and take-up was lower than expected.",
    "Data on returnees were scarce, which made the evaluation difficult.",
    "High recruitment fees continued to burden workers despite the new rules.",
    "Local authorities lacked the staff to follow up the projects.",
]
# Rare words, each used by a small share of records.
_RARE = """tontine hawala microinsurance agroforestry telemedicine aquaculture beekeeping
cooperatives crowdfunding blockchain geothermal hydroponics apprenticeship mentorship
notarisation apostille biometric cadastre escrow microfranchise solar irrigation vaccination
midwifery nursing pharmacists veterinarians fisheries cocoa coffee cashew vanilla textiles
tourism handicrafts broadband mobile wallets fintech guarantees insurance pensions annuities
literacy numeracy scholarships fellowships twinning hackathon incubator accelerator
ombudsperson hotline helpline shelters paralegal arbitration mediation"""
RARE = _RARE.split()
PORTFOLIOS = [
    "Labour and Employment",
    "Foreign Affairs",
    "Overseas Employment",
    "Diaspora Affairs",
    "Planning and Development",
    "Finance",
    "Interior",
    "Social Protection",
    "Education",
    "Health",
    "Economy and Trade",
    "Youth and Sports",
    "Local Government",
    "Justice",
]
KIND_NAMES = {
    Institution.Kind.MINISTRY: "Ministry of {portfolio}",
    Institution.Kind.AGENCY: "National Agency for {topic}",
    Institution.Kind.COMMITTEE: "Inter-ministerial Committee on {topic}",
    Institution.Kind.COUNCIL: "National Council for {topic}",
    Institution.Kind.FOCAL_POINT_NETWORK: "Network of Focal Points on {topic}",
    Institution.Kind.BANK_OR_FUND: "Fund for {topic}",
    Institution.Kind.FOUNDATION: "Foundation for {topic}",
    Institution.Kind.CIVIL_SOCIETY: "Association of {beneficiaries}",
    Institution.Kind.LOCAL_AUTHORITY: "Municipal Office for {topic}",
    Institution.Kind.RESEARCH_BODY: "Institute for Research on {topic}",
}
TOPICS = [
    "Migration and Development",
    "Diaspora Engagement",
    "Remittances",
    "Labour Migration",
    "Returning Migrants",
    "Migrant Workers' Welfare",
    "Skills and Employment",
    "Policy Coherence",
    "Overseas Workers",
    "Local Development",
]
TOOL_NAMES = {
    PolicyTool.Kind.FRAMEWORK: "Framework on {topic}",
    PolicyTool.Kind.INDICATORS: "Indicators of {topic}",
    PolicyTool.Kind.GUIDANCE: "Handbook on {topic}",
    PolicyTool.Kind.LAW: "Law on {topic}",
    PolicyTool.Kind.AGREEMENT: "Agreement on {topic}",
    PolicyTool.Kind.PARTNERSHIP: "Partnership on {topic}",
    PolicyTool.Kind.NATIONAL_PLAN: "National Action Plan on {topic}",
    PolicyTool.Kind.DIALOGUE: "Dialogue on {topic}",
    PolicyTool.Kind.STUDY: "Study of {topic}",
}
RECOMMENDATIONS = [
    ("Coherence starts at home", "Governments should {goal} and give one ministry the lead."),
    ("Invest in data", "States should {goal}, and share what they learn with their partners."),
    ("Involve the diaspora", "Diaspora organisations should be consulted on plans to {goal}."),
    ("Budget for coherence", "A dedicated budget line is needed to {goal}."),
    ("Work with local authorities", "Municipalities should be supported to {goal}."),
    ("Share good practices", "The GFMD should help countries {goal} by sharing experience."),
]
ADDRESSEES = [
    "governments",
    "gfmd",
    "civil-society",
    "international-organisations",
    "donors",
]

SCOPES = [
    (Practice.Scope.NATIONAL, 50),
    (Practice.Scope.BILATERAL, 20),
    (Practice.Scope.REGIONAL, 12),
    (Practice.Scope.SUBNATIONAL, 10),
    (Practice.Scope.GLOBAL, 8),
]
STATUSES = [
    (Practice.Status.ONGOING, 40),
    (Practice.Status.COMPLETED, 35),
    (Practice.Status.PLANNED, 10),
    (Practice.Status.UNKNOWN, 15),
]
