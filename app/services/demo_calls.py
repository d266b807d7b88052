"""The four real notices of ``shared/seeds``, transcribed as create payloads of their kind.

Texts are excerpts, sentence for sentence from the notices. Deadlines are as printed; the SNE
notice gives a date only ("Latest application date: 25-07-2024"), which ends at the end of that
day in Brussels (``last_day``: the instant is the next day's 00:00, exclusive).
"""

from __future__ import annotations

from datetime import date, datetime

from app.models.calls import AnyCallCreate, CaCallCreate, SneCallCreate, TaCallCreate
from app.models.reference import Cefr

_C1_B2 = {"main_level": Cefr.C1, "second_level": Cefr.B2}
_UNIVERSITY_3Y = {"min_level": "bachelor", "min_years": 3}
_CA_TA_DECLARATIONS = ["full_rights_as_citizen", "military_service", "physical_fitness",
                       "character_references"]

_AI_OFFICE_WE_ARE = (
    "The European AI Office was launched as a central point of expertise on artificial "
    "intelligence (AI) in the Union. This new structure within the European Commission is part "
    "of the Directorate-General for Communication Networks, Content and Technology (DG CONNECT), "
    "following the Commission decision of 24 January 2024.\n\n"
    "The AI Office will play a key role in the implementation of the new EU AI Regulation "
    "(AI Act), strengthen development and use of trustworthy AI, and foster international "
    "cooperation."
)
_AI_OFFICE_WE_PROPOSE = (
    "Working with the AI Office presents a unique opportunity for passionate individuals in the "
    "field of AI to contribute significantly to shaping the future of AI regulation in Europe.\n\n"
    "By joining the AI Office, you will play a pivotal role in enforcing and supervising new "
    "rules for general-purpose AI models and ensuring their compliance with the obligations "
    "foreseen under the AI Act."
)
# Each notice's own profile text: the SNE notice and the CA call word the profile differently.
_SNE_AI_SPECIALIST = (
    "Under the supervision of the Head of Unit or a Team leader, the seconded national expert "
    "would be responsible for carrying out tasks to support the AI Office in implementing the "
    "technical aspects of the AI Act, especially in relation to general-purpose AI models and "
    "systems, as detailed below. Technology specialists include research scientists, computer "
    "scientists, software and data engineers, hardware specialists and other technical profiles."
)
_CA_AI_SPECIALIST = (
    "Under the supervision of the Head of Unit or a Team leader, the jobholder would be "
    "responsible for carrying out tasks to support the European AI Office in implementing the "
    "technical aspects of the AI Act, especially in relation to general-purpose AI models and "
    "systems, as detailed below. Technology specialists include research scientists, computer "
    "scientists, software and data engineers, hardware specialists, and other technical staff."
)
# The AI Office's SNE notice and CA call print the same tasks and duties.
_AI_TASKS = [
    "Contribute to the implementation of the AI Act, by establishing evidence-based approaches, "
    "guidelines and analytical frameworks;",
    "Contribute to the establishment of sound internal and external procedures and processes, "
    "including the relevant internal digital workflows;",
    "Engage with relevant stakeholders and the scientific community to gather knowledge and "
    "evidence to support the application of the AI Act;",
    "Work with companies, Member States, third parties and other stakeholders to prepare the "
    "effective implementation of the rules, including by contributing to secondary "
    "legislation, guidelines, codes of practice, codes of conducts, or relevant standards;",
    "As part of multi-disciplinary case-teams detect, investigate, and analyse potential "
    "infringements to the AI Act;",
    "Developing tools, methodologies and benchmarks for evaluating capabilities and reach of "
    "general-purpose AI models, and the classification of models with systemic risks;",
    "Contributing to internal expertise across topics, especially through monitoring the "
    "general-purpose AI ecosystem, technological and market developments and the emergence of "
    "new risks;",
    "Executing the technical model assessments and evaluations;",
    "Collaborate with stakeholders to address technical challenges and ensure understanding of "
    "the AI Act requirements;",
    "Contribute to the development of policies and procedures for AI Act enforcement.",
]
_AI_DUTIES = [
    "Carrying out investigations of designated entities and related activities, in particular "
    "by requesting documentation and information, by conducting evaluations, as well as by "
    "requesting measures;",
    "Contribute to joint investigations carried out with Member States;",
    "Carrying out monitoring and control activities.",
]
_AI_LOOK_FOR = (
    "The successful candidate should have a technological background in AI, complemented by "
    "experience in computer science. Proven technical experience is required in the field of AI "
    "technologies such as for example machine learning, deep learning frameworks, including in "
    "ethics and privacy, safety and (cyber)security."
)

SNE_AI_OFFICE = SneCallCreate(
    kind="sne",
    reference="SNE/2024/CNECT/A2-AI-OFFICE",
    title="Seconded National Expert – Technology specialist in AI (AI Office)",
    profiles=[{"code": "technology-specialist-ai", "title": "Technology specialist in AI",
               "description": _SNE_AI_SPECIALIST}],
    dg="DG CONNECT",
    directorate="Directorate A – AI Office",
    # "DG – Directorate – Unit: DG CONNECT – Directorate A – AI Office": the AI Office is
    # Directorate A itself; the contact person's unit (CNECT A2) is not the post's.
    unit="CNECT.A",
    contact={"name": "Kilian GROSS", "unit": "CNECT A2"},
    places_of_employment=["Brussels"],
    contract_type="SNE",
    duration={"initial_months_min": 12, "extension_rule":
              "Initial duration 1 year; the notice states no extension rule (the SNE Decision "
              "C(2008) 6866 governs the secondment)."},
    # "Provisional starting date: 3rd quarter 2024"; "you need to comply with the following
    # eligibility criteria at the starting date of the secondment".
    provisional_start={"text": "3rd quarter 2024", "quarter": "2024-Q3"},
    eligibility_date="start_date",
    secondment_type="with_allowances",
    # "This vacancy notice is open to: (x) EU Member States" and no EFTA or third country.
    open_to={"eu_member_states": True},
    # "Post number in sysper: Click or tap here to enter text." — left blank in the notice.
    sysper_post_number=None,
    tasks=_AI_TASKS,
    duties=_AI_DUTIES,
    documents={"required": ["cv"], "accepted": ["cv"], "cv_format": "europass",
               "cv_languages": ["EN", "FR", "DE"], "cv_must_state_nationality": True},
    advantages=[
        "Experience in model testing and evaluation and in advanced AI, including model "
        "alignment, biases, misinformation and red teaming would be a strong asset.",
        "We explicitly encourage candidates with managerial experience to apply.",
    ],
    sections={
        "we_are": _AI_OFFICE_WE_ARE,
        "we_propose": _AI_OFFICE_WE_PROPOSE,
        "we_look_for": _AI_LOOK_FOR,
        "conditions": "During the full duration of your secondment, you must remain employed "
                      "and remunerated by your employer and covered by your (national) social "
                      "security system.",
        "selection": "The European Commission only accepts applications which have been "
                     "submitted through the Permanent Representation / Diplomatic Mission to the "
                     "EU of your country, the EFTA Secretariat or through the channel(s) it has "
                     "specifically agreed to. Applications received directly from you or your "
                     "employer will not be taken into consideration. Please do not add any "
                     "other documents.",
    },
    criteria={
        "experience": {"min_months": 36, "ad_level_only": True},
        "min_months_current_employer": 12,
        "employer_types": ["national_administration", "regional_administration",
                           "local_administration", "igo"],
        "employer_types_by_derogation": ["public_sector_body", "university",
                                         "research_institute"],
        "languages": _C1_B2,
    },
    # "Latest application date: 25-07-2024": until the end of that day in Brussels.
    deadline={"last_day": date(2024, 7, 25), "zone": "Europe/Brussels"},
)

CA_AI_OFFICE = CaCallCreate(
    kind="ca",
    reference="EC/2024/CNECT/443651",
    title="Job opportunities within the AI Office – DG CNECT: Contract Agents FG IV, "
          "Technology specialists in AI",
    profiles=[{"code": "technology-specialist-ai", "title": "Technology specialists in AI",
               "description": _CA_AI_SPECIALIST}],
    dg="DG CONNECT",
    directorate="AI Office (CNECT A)",
    # The privacy statement: applications are "accessible to: hierarchical superior in charge
    # of the entity where the vacancy was published (Head of Unit CNECT.A2, Director CNECT.A,
    # Director General)", and CNECT.A.2 is the data controller: the call is CNECT.A.2's.
    unit="CNECT.A.2",
    contact={"name": "AI Office recruitment (CNECT.A.2)", "unit": "CNECT.A.2",
             "email": "CNECT-AIOFFICE-RECRUITMENT@ec.europa.eu"},
    places_of_employment=["Brussels", "Luxembourg"],
    contract_type="CA 3b",
    function_group="FGIV",
    duration={"initial_months_min": 12, "max_total_months": 72,
              "extension_rule": "1 year (with the possibility of extensions up to 6 years in "
                                "total)"},
    provisional_start="From Autumn 2024 (tentative)",
    # "You may express your interest by filling in the application form": the online form is
    # the application itself; nothing has to be uploaded (the privacy statement names a CV and
    # a motivational letter among the data it may hold).
    documents={"required": [], "accepted": ["cv", "motivation_letter"]},
    tasks=_AI_TASKS,
    duties=_AI_DUTIES,
    required_skills=[
        "Very good communication skills, both orally and written;",
        "Very good analytical and problem-solving skills as well as an ability to translate "
        "complex ideas into clear and concise language;",
        "A strong sense of initiative and the ability to work under pressure;",
        "The resilience to deal with and bring to successful conclusion complex files while "
        "responding also to ad hoc requests, often at very short notice;",
        "The willingness to learn and develop along with new tasks.",
    ],
    privacy={
        "processing_operation": "Use of EU Survey for the selection procedure for the AI "
                                "Office for contract agents",
        "controller": "Directorate CNECT.A.2 (for the use of EUSurvey)",
        "controller_contact": "CNECT-AIOFFICE-RECRUITMENT@ec.europa.eu",
        "dpo_contact": "DATA-PROTECTION-OFFICER@ec.europa.eu",
        "record_references": ["DPR-EC-01488", "DPR-02054", "DPR-EC-01230"],
    },
    advantages=[
        "Professional experience in an international and multicultural environment",
        "Knowledge/understanding of AI technologies",
        "Knowledge/understanding of EU policies in the fields relevant to the profile",
        "Knowledge/experience of regulatory supervision and enforcement in any related domain",
        "Experience and understanding of audit & control systems",
        "Additional expertise or academic background in law-related matters",
    ],
    sections={
        "we_are": _AI_OFFICE_WE_ARE,
        "we_propose": _AI_OFFICE_WE_PROPOSE,
        "we_look_for": _AI_LOOK_FOR,
        "selection": "Please note that DG CONNECT will select only the candidates registered in "
                     "the EPSO application database. If your profile is among the \"best "
                     "matches\", you might be invited to sit the EPSO CAST Permanent "
                     "computer-based multi-choice tests and/or might be contacted for an "
                     "interview. Interviews: from late Spring 2024.",
        "conditions": "Contract Staff for auxiliary tasks (Article 3b CEOS), function group "
                      "FGIV. The position will be subject to rules on conflicts of interest.",
    },
    criteria={
        "eu_citizenship": True,
        "declarations": ["military_service", "character_references"],
        "cast_function_group": "FGIV",
        "languages": _C1_B2,
        # "Master's degree in Information Technology, Computer Science, Engineering/Science, or
        # other domain that is deemed relevant to the position."
        "education": {"min_level": "master", "min_years": 3,
                      "fields": ["Information Technology", "Computer Science",
                                 "Engineering/Science"],
                      "other_fields_relevant": True},
        # "Relevant professional experience of at least 1 year in the relevant domains ...
        # obtained following the relevant Master's degree."
        "experience": {"min_months": 12, "after_degree": "master",
                       "fields": ["AI technologies"]},
    },
    deadline={"local": datetime(2024, 3, 27, 12, 0), "zone": "Europe/Brussels"},
    related_references=["EC/2024/CNECT/443650"],
)

CA_DIGIT = CaCallCreate(
    kind="ca",
    reference="EC/2026/DIGIT/456893",
    title="IT Service Officer - AI Governance, Risk and Compliance",
    profiles=[{"code": "it-service-officer-ai-grc",
               "title": "IT Service Officer - AI Governance, Risk and Compliance",
               "description": "Domain: Information Technology."}],
    dg="DG DIGIT",
    unit="DIGIT.B.1",
    contact={"name": "DIGIT.B.1 functional mailbox", "unit": "DIGIT.B.1",
             "email": "DIGIT-B1-001@ec.europa.eu"},
    places_of_employment=["Luxembourg"],
    contract_type="CA 3b",
    function_group="FGIV",
    duration={"initial_months_min": 12, "max_total_months": 72,
              "extension_rule": "Subject to the interest of the service, the contract may be "
                                "renewed one or more times up to a maximum duration of 6 years."},
    # "You should send your documents in a single pdf in the following order: 1. your CV
    # 2. completed application form."
    documents={"required": ["cv", "application_form"], "accepted": ["cv", "application_form"],
               "single_pdf": True, "single_pdf_kind": "cv"},
    # "You must meet the following eligibility criteria when you validate your application"
    eligibility_date="submission",
    # "Unit B.1 of DG DIGIT is seeking to hire one IT Service Officer"
    number_of_posts=1,
    required_skills=[
        "Practical experience in the development of AI based systems, AI models development "
        "and evaluation including alignment.",
        "Knowledge/understanding of AI technologies",
        "Knowledge/experience of regulatory supervision and enforcement in any related domain.",
        "Knowledge/experience in the preparation of IT/AI governance, guides, instructions and "
        "procedures.",
        "Project management, team leadership and budget management experience",
        "Additional expertise or academic background on legal matters.",
        "Professional experience in an international and multicultural environment.",
    ],
    advantages=[
        "A master's degree in IT, computer science, engineering/science or other relevant domain.",
        "At least one year of experience as a research scientist, computer scientist, software "
        "and data engineer, hardware specialist or other technical staff.",
        "Project management, team leadership and budget management experience.",
        "Excellent written and spoken English communication skills.",
    ],
    sections={
        "we_are": "Unit DIGIT.B.1 \"Data, Artificial intelligence and Web\", mission is to "
                  "provide digital enablers for the transformation of the Commission ICT domain "
                  "in the areas of data, artificial intelligence and web presence.",
        "we_propose": "Unit B.1 of DG DIGIT is seeking to hire one IT Service Officer for the "
                      "activities of the \"Data, AI and Innovation Policy\" sector.",
        "we_look_for": "Practical experience in the development of AI based systems, AI models "
                       "development and evaluation including alignment.",
        "selection": "The selecting unit chooses from the EPSO database candidates with the "
                     "appropriate profile and invites them to an interview. Only candidates "
                     "selected for the interview will be notified.",
        "conditions": "Contract agent under Article 3(b) CEOS, function group FG IV; a 9-month "
                      "probationary period.",
    },
    criteria={
        "eu_citizenship": True,
        "declarations": _CA_TA_DECLARATIONS,
        "cast_function_group": "FGIV",
        "education": _UNIVERSITY_3Y,
        "languages": _C1_B2,
    },
    deadline={"local": datetime(2025, 5, 26, 12, 0), "zone": "Europe/Brussels"},
)

TA_CERT_EU = TaCallCreate(
    kind="ta",
    reference="DIGIT/COM/2024/461",
    title="IT Security Officer AI Expert",
    profiles=[{"code": "it-security-officer-ai", "title": "IT Security Officer – AI Expert",
               "description": "Domain: Information and Communication Technologies."}],
    dg="DG DIGIT",
    directorate="CERT-EU",
    unit="DIGIT.CERT-EU",
    contact={"name": "CERT-EU secretariat", "email": "secretariat@cert.europa.eu"},
    places_of_employment=["Brussels"],
    contract_type="TA 2b/2d",
    grade_range="AD5-AD7",
    duration={"initial_months_min": 12, "initial_months_max": 36, "max_total_months": 60,
              "extension_rule": "The contract might then be extended only once for a maximum "
                                "of 2 years and in the interest of service."},
    # "You should send your documents in a single pdf in the following order: 1. your CV
    # 2. motivation letter 3. duly filled in application form."
    documents={"required": ["cv", "motivation_letter", "application_form"],
               "accepted": ["cv", "motivation_letter", "application_form"],
               "single_pdf": True, "single_pdf_kind": "cv"},
    # "You must meet the following eligibility criteria when you validate your application"
    eligibility_date="submission",
    # "DIGIT CERT-EU is seeking to hire a truly motivated IT Security Officer"
    number_of_posts=1,
    priority_rule="article29",
    # "applications from Commission officials, officials from other Institutions, and laureates
    # of competitions have priority"
    priority_order=["commission_official", "other_institution_official",
                    "competition_laureate", "external"],
    tasks=[
        "Mastering over a broad spectrum of AI disciplines, with a special emphasis on "
        "Generative AI and Large Language Models (LLMs)",
        "Delivering theoretical and practical understanding of AI's foundational mechanisms and "
        "their applications",
        "Engaging with AI research communities to stay informed about the latest developments "
        "and innovations",
        "Implementing and integrating AI models into real-world applications, guaranteeing their "
        "congruence with the objectives of the project",
        "Conducting rigorous tests and evaluations to measure the effectiveness and efficiency "
        "of AI technologies",
        "Optimising and fine-tuning AI models to achieve targeted performance benchmarks and "
        "fulfil precise requirements",
        "Leading and nurturing a community of practice focused on AI and cybersecurity, "
        "encouraging knowledge sharing and collaboration",
        "Organising and delivering engaging workshops and presentations that convey complex AI "
        "concepts to non-specialist audiences",
        "Collaborating with colleagues across different organisations and disciplines to "
        "spearhead joint AI initiatives and projects.",
    ],
    required_skills=[
        "A high level of customer-orientation",
        "Strong analytical skills to analyse use-cases, define requirements, and choose the "
        "most appropriate technologies",
        "Ability to establish and maintain effective working relations with co-workers in an "
        "international and multi-disciplinary work environment",
        "A high degree of commitment and flexibility",
        "Excellent communication skills in English, both orally and in writing",
        "Ability to handle parallel tasks and cope with pressure",
        "Strong teamwork abilities",
        "A focus on constant learning and improvement of technical and personal skills.",
    ],
    security_clearance_required=True,
    advantages=[
        "A university-issued diploma or equivalent",
        "At least 5 years of solid experience in applying AI technologies within the "
        "cybersecurity domain",
        "Experience in managing projects, including planning, execution, and evaluation phases",
        "Concrete experience in leading AI projects, from conception through to deployment",
        "Strong familiarity with cybersecurity principles, threats, and countermeasures",
    ],
    sections={
        "we_are": "CERT-EU is the Cybersecurity Service for the European Union institutions, "
                  "bodies, offices and agencies (Union entities). CERT-EU is administratively "
                  "attached to DIGIT.",
        "we_propose": "DIGIT CERT-EU is seeking to hire a truly motivated IT Security Officer – "
                      "AI Expert who will aim to enhance the organisation's capacity for "
                      "studying, testing, fine-tuning, and deploying AI technologies to bolster "
                      "cybersecurity defences for all involved parties.",
        "we_look_for": "The candidate must hold a security clearance at EU SECRET level or be in "
                       "a position to be security cleared.",
        "selection": "In accordance with Article 29 of the Staff Regulations, applications from "
                     "Commission officials, officials from other Institutions, and laureates of "
                     "competitions have priority.",
        "conditions": "Temporary agent under Article 2(b)/2(d) CEOS, function group AD. The "
                      "duration of the 1st contract will be of 1 to 3 years.",
    },
    criteria={
        "eu_citizenship": True,
        "declarations": _CA_TA_DECLARATIONS,
        "education": _UNIVERSITY_3Y,
        "languages": _C1_B2,
        "security_clearance": True,
    },
    deadline={"local": datetime(2024, 4, 19, 12, 0), "zone": "Europe/Brussels"},
)

DEMO_CALLS: tuple[AnyCallCreate, ...] = (SNE_AI_OFFICE, CA_AI_OFFICE, CA_DIGIT, TA_CERT_EU)
