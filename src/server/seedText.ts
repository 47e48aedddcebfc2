// Text pools for the seed records: a customer-support bot's traffic and a
// research team's summarisation dataset. Records combine these at random.

export const CUSTOMER_QUESTIONS: readonly string[] = [
  'I was charged twice for order #{order}. Can you refund the duplicate?',
  'My package for order #{order} says delivered but nothing arrived.',
  'How do I change the shipping address on an order I placed an hour ago?',
  'The discount code SPRING20 is not working at checkout.',
  'Can I return a jacket I bought 45 days ago if the tags are still on?',
  'I want to cancel my subscription but the button in settings is greyed out.',
  'Why was my account locked after I reset my password?',
  'Order #{order} arrived with a cracked screen. What are my options?',
  'Do you ship to Norway, and how long does it take?',
  'I never received the confirmation e-mail for order #{order}.',
  'Can you split my order #{order} into two shipments?',
  'Your bot keeps sending me to the same help article. I need a human.',
  'How do I download an invoice with my company VAT number on it?',
  'The app crashes when I open my order history on Android 14.',
  'Is it possible to pause my plan for two months instead of cancelling?',
  'I was promised a callback yesterday and nobody called.',
];

export const BOT_ANSWERS: readonly string[] = [
  'I have opened a refund request for the duplicate charge on order #{order}. It should reach your card within 5–7 business days.',
  'I am sorry the parcel did not arrive. I started a carrier trace for order #{order}; if it is not found in 48 hours we will reship it for free.',
  'Orders can be edited for 2 hours after purchase. Open Orders → Edit address, or tell me the new address and I will update it.',
  'SPRING20 expired on April 30. I can apply a 10% goodwill code instead: THANKS10.',
  'Our return window is 30 days, so this item is outside it. I have escalated to a supervisor who can approve an exception.',
  'The cancel button is disabled while a payment is pending. Once it clears (usually within a day) you can cancel in Settings → Plan.',
  'Accounts lock after five failed sign-ins. I sent an unlock link to the e-mail address on file.',
  'I am sorry about the damaged screen. You can choose a replacement or a full refund; both include a prepaid return label.',
  'Yes, we ship to Norway. Standard delivery takes 6–9 business days and import duties are included at checkout.',
  'I resent the confirmation for order #{order}. Please also check your spam folder.',
  'I can split order #{order}, but each shipment is charged its own delivery fee. Shall I go ahead?',
  'I am transferring you to a human agent now. Expected wait time is about 4 minutes.',
  'Go to Billing → Invoices, choose the order and click "Add company details" before downloading the PDF.',
  'Thanks for reporting this. Updating to app version 8.14 fixes the crash on Android 14.',
  'You can pause for up to 3 months under Settings → Plan → Pause. Billing resumes automatically afterwards.',
  'I apologise for the missed callback. I booked a new one for tomorrow between 10:00 and 12:00.',
];

export const EXPECTED_ANSWERS: readonly string[] = [
  'Refund the duplicate charge and give the 5–7 business day timeline.',
  'Start a carrier trace and offer a free reshipment if the trace fails.',
  'Explain the 2-hour edit window and offer to change the address.',
  'State that the code has expired and offer the standard goodwill code.',
  'Explain the 30-day policy and escalate for a possible exception.',
  'Explain that a pending payment blocks cancellation.',
  'Explain the lock-out rule and send an unlock link.',
  'Offer a replacement or a refund with a prepaid return label.',
  'Confirm shipping to Norway with delivery time and duties.',
  'Resend the confirmation and mention the spam folder.',
  'Offer the split and mention the extra delivery fee.',
  'Hand over to a human agent without further deflection.',
];

export const SPAN_NAMES_BY_KIND: Readonly<Record<string, readonly string[]>> = {
  LLM: ['ChatCompletion', 'openai.chat', 'generate_reply'],
  CHAIN: ['answer_customer', 'RunnableSequence', 'route_intent'],
  RETRIEVER: ['retrieve_help_articles', 'vector_search'],
  TOOL: ['lookup_order', 'create_refund', 'update_address'],
  AGENT: ['support_agent', 'escalation_agent'],
};

export const MODEL_NAMES: readonly string[] = ['gpt-4o-mini', 'gpt-4.1', 'claude-3-5-haiku', 'llama-3.1-70b-instruct'];

export const REVIEWER_NOTES: readonly string[] = [
  'Correct policy, but the tone is a bit curt.',
  'Missed that the customer asked for a human.',
  'Gave the wrong return window.',
  'Good answer; would ship as is.',
  'Should have asked for the order number first.',
  'Hallucinated a discount code that does not exist.',
];

export const PAPER_TOPICS: readonly string[] = [
  'sparse mixture-of-experts routing',
  'retrieval-augmented generation for legal documents',
  'calibration of large language model confidence',
  'low-resource machine translation with synthetic data',
  'long-context attention with linear memory',
  'reward model over-optimisation in RLHF',
  'tool use by small language models',
  'contamination of public evaluation benchmarks',
];

export const PAPER_FINDINGS: readonly string[] = [
  'improves accuracy by 3.1 points on average while halving inference cost',
  'matches the baseline on in-domain data but degrades sharply out of domain',
  'reduces expected calibration error from 0.14 to 0.05',
  'only helps when more than 10k training examples are available',
  'is sensitive to the random seed, with a spread of 4 points across runs',
];

export const SUMMARY_FLAWS: readonly string[] = [
  '',
  ' The authors also release a new 2-million-example dataset.',
  ' The method is shown to work for every language tested.',
  '',
];
